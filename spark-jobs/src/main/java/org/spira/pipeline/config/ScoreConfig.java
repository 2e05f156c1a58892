package org.spira.pipeline.config;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the score stage ({@code spira.score}). Which version scores (default: the alias
 * {@code spira.evaluate.promotion.alias}, the champion), with which threshold (the version's) and
 * features (the model's own) is not configured here.
 *
 * @param batchWindows windows per inference call on the executors, >= 1
 */
public record ScoreConfig(int batchWindows) {
    public ScoreConfig {
        if (batchWindows < 1) {
            throw PipelineConfig.invalid("spira.score.batch-windows", batchWindows, "an integer >= 1");
        }
    }

    static ScoreConfig from(Config c) {
        return new ScoreConfig(c.getInt("batch-windows"));
    }

    /** Every key of {@code spira.score} with its resolved value, for the run's params. */
    public Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("spira.score.batch-windows", batchWindows);
        return params;
    }
}
