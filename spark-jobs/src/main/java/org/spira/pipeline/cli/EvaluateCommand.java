package org.spira.pipeline.cli;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.evaluate.EvaluateJob;
import org.spira.pipeline.evaluate.EvaluateResult;
import org.spira.pipeline.tracking.ModelSelector;
import org.spira.pipeline.tracking.Tracker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code evaluate}: a registered model version on its test split, clean and with noisy controls. */
@Command(
        name = "evaluate",
        description = "Evaluates a registered model version on its test split (clean, and one noise on controls),"
                + " logs the reports to MLflow and applies the champion promotion rule.")
final class EvaluateCommand extends StageCommand {
    @Option(names = "--model-version", paramLabel = "N", description = "The version to evaluate (default: latest).")
    Long modelVersion;

    @Option(names = "--alias", paramLabel = "ALIAS", description = "Evaluate the version this alias points at.")
    String alias;

    @Override
    List<String> locations(PipelineConfig config) {
        return List.of(config.evaluate().requireNoiseCorpus());
    }

    @Override
    StageJob prepare(PipelineConfig config) {
        ModelSelector selector = new ModelSelector(Optional.ofNullable(modelVersion), Optional.ofNullable(alias));
        Tracker tracker = Tracker.connect(config.tracking(), System.getenv());
        return StageJob.tracked(tracker, spark -> evaluate(spark, config, tracker, selector));
    }

    /** The evaluation, with a local work folder for the downloaded model and the reports. */
    private EvaluateResult evaluate(
            SparkSession spark, PipelineConfig config, Tracker tracker, ModelSelector selector) {
        return WorkFolder.use("evaluate", workDir -> new EvaluateJob(spark, config.evaluate(), tracker, workDir)
                .run(options.warehouse, selector));
    }
}
