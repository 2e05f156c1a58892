package org.spira.pipeline.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.featurize.FeaturizeJob;
import org.spira.pipeline.featurize.FeaturizeResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code featurize}: recordings without features of the current feature version into features. */
@Command(
        name = "featurize",
        description =
                "Computes SPIRA's MFCC windows (clean and noisy variants) of new recordings into the features table.")
final class FeaturizeCommand implements Callable<Integer> {
    @Mixin
    StageOptions stage;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        PipelineConfig config = stage.load();
        stage.requireReachable(config.featurize().noiseCorpus().orElse(""));
        FeaturizeResult result;
        try (SparkSession spark = Sessions.delta("spira-featurize")) {
            result = new FeaturizeJob(spark, config.featurize(), config.features()).run(stage.warehouse);
        }
        System.out.println(new RunSummary("featurize")
                .put("status", "ok")
                .put("exit_code", 0)
                .put("run_id", result.runId())
                .put("feature_version", result.featureVersion())
                .put("recordings", result.recordings())
                .put("rows", result.rows())
                .put("rejected", result.rejected())
                .put("noise_corpus", result.noiseCorpus().orElse(null))
                .put(
                        "tables",
                        new RunSummary()
                                .put("recordings", result.recordingsVersion())
                                .put("features", result.featuresVersion()))
                .put("duration_s", (System.nanoTime() - start) / 1e9)
                .toJson());
        return 0;
    }
}
