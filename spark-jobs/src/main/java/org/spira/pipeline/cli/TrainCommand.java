package org.spira.pipeline.cli;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.lineage.TrainingLineage;
import org.spira.pipeline.tracking.Tracker;
import org.spira.pipeline.train.EpochListener;
import org.spira.pipeline.train.TrainJob;
import org.spira.pipeline.train.TrainResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train [--resume RUN_ID]}: a tracked, registered SpiraConvNet from the feature table. */
@Command(
        name = "train",
        description = "Trains SpiraConvNet on the features and splits at pinned versions, tracked in MLflow,"
                + " and registers the best checkpoint as a new model version.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    StageOptions stage;

    @Option(
            names = "--resume",
            paramLabel = "RUN_ID",
            description = "Reopens this MLflow run and continues from its latest checkpoint.")
    String resume;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        PipelineConfig config = stage.load();
        String resolved = PipelineConfig.render(Optional.ofNullable(stage.config), stage.overrides);
        TrainResult result;
        try (Tracker tracker = Tracker.connect(config.tracking(), System.getenv());
                SparkSession spark = Sessions.delta("spira-train")) {
            result = new TrainJob(spark, tracker, config.train(), config.tracking(), resolved, EpochListener.NONE)
                    .run(stage.warehouse, Optional.ofNullable(resume));
        }
        TrainingLineage lineage = result.lineage();
        RunSummary recordings = new RunSummary();
        result.recordings().forEach(recordings::put);
        System.out.println(new RunSummary("train")
                .put("status", "ok")
                .put("exit_code", 0)
                .put("run_id", result.runId())
                .put("resumed", resume != null)
                .put("model", config.tracking().registeredModel())
                .put("model_version", result.modelVersion())
                .put("epochs", result.epochs())
                .put("best_epoch", result.bestEpoch())
                .put("best_val_loss", result.bestValidationLoss())
                .put("num_params", result.numParams())
                .put("window_source", result.windowSource().name().toLowerCase(Locale.ROOT))
                .put("placement", config.train().placement().name().toLowerCase(Locale.ROOT))
                .put("trained_on", result.trainedOn())
                .put("gpu_addresses", String.join(",", result.gpus()))
                .put("feature_version", lineage.featureSpecHash())
                .put("recordings", recordings)
                .put("tables", tables(lineage))
                .put("duration_s", (System.nanoTime() - start) / 1e9)
                .toJson());
        return 0;
    }

    private static RunSummary tables(TrainingLineage lineage) {
        return new RunSummary()
                .put("features", lineage.featuresVersion())
                .put("recordings", lineage.recordingsVersion())
                .put("splits", lineage.splitsVersion());
    }
}
