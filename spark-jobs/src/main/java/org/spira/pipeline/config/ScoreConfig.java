package org.spira.pipeline.config;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import org.spira.pipeline.config.Setting.Type;

/**
 * Settings of the score stage ({@code spira.score}). Which version scores (default: the alias
 * {@code spira.evaluate.promotion.alias}, the champion), with which threshold (the version's) and
 * features (the model's own) is not configured here.
 *
 * @param batchWindows windows per inference call on the executors, >= 1
 */
public record ScoreConfig(int batchWindows) {
    static final Setting<ScoreConfig, Integer> BATCH_WINDOWS = Setting.of(
                    "spira.score.batch-windows", Type.INTEGER, 64, ScoreConfig::batchWindows)
            .rule(n -> n >= 1, "an integer >= 1")
            .help("Windows scored per DL4J inference call on the executors.");

    static final Settings<ScoreConfig> SETTINGS = new Settings<>(
            "spira.score",
            "The score stage: applies a registered model version to the recordings it has not scored yet,"
                    + " with the model's own feature spec and threshold.",
            List.of(BATCH_WINDOWS));

    static ScoreConfig from(Config c) {
        return new ScoreConfig(BATCH_WINDOWS.read(c));
    }

    /** Every key of {@code spira.score} with its resolved value, for the run's params. */
    public Map<String, Object> params() {
        return SETTINGS.params(this);
    }
}
