package org.spira.pipeline.cli;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.SparkSession;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.score.ScoreJob;
import org.spira.pipeline.score.ScoreResult;
import org.spira.pipeline.tracking.ModelSelector;
import org.spira.pipeline.tracking.Tracker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code score}: a registered model version applied to the recordings it has not scored yet. */
@Command(
        name = "score",
        description = "Scores the recordings a registered model version has not scored yet, with the features it"
                + " was trained on, into the predictions table; recordings it cannot score go to rejected.")
final class ScoreCommand extends StageCommand {
    @Option(names = "--model-version", paramLabel = "N", description = "The version that scores.")
    Long modelVersion;

    @Option(
            names = "--alias",
            paramLabel = "ALIAS",
            description = "Score with the version this alias points at (default: spira.evaluate.promotion.alias,"
                    + " champion).")
    String alias;

    @Option(
            names = "--recordings-version",
            paramLabel = "V",
            description = "The version of the recordings table to score (default: the latest).")
    Long recordingsVersion;

    @Override
    List<String> tablesWritten() {
        return ScoreJob.TABLES_WRITTEN;
    }

    @Override
    StageJob prepare(PipelineConfig config) {
        ModelSelector selector = modelVersion == null && alias == null
                ? ModelSelector.alias(config.evaluate().promotion().alias())
                : new ModelSelector(Optional.ofNullable(modelVersion), Optional.ofNullable(alias));
        OptionalLong recordings = recordingsVersion == null ? OptionalLong.empty() : OptionalLong.of(recordingsVersion);
        Tracker tracker = Tracker.connect(config.tracking(), System.getenv());
        return StageJob.tracked(tracker, spark -> score(spark, config, tracker, selector, recordings));
    }

    private ScoreResult score(
            SparkSession spark,
            PipelineConfig config,
            Tracker tracker,
            ModelSelector selector,
            OptionalLong recordings) {
        return WorkFolder.use("score", workDir -> new ScoreJob(
                        spark, config.score(), config.evaluate().evaluation().decision(), tracker, workDir)
                .run(options.warehouse, selector, recordings));
    }
}
