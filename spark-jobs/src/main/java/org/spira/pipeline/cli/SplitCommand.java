package org.spira.pipeline.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.split.SplitJob;
import org.spira.pipeline.split.SplitResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code split}: subject-level train / validation / test assignment into the splits table. */
@Command(name = "split", description = "Assigns new subjects to train, validation and test (subject level, stable).")
final class SplitCommand implements Callable<Integer> {
    @Mixin
    StageOptions stage;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        PipelineConfig config = stage.load();
        stage.requireReachable();
        SplitResult result;
        try (SparkSession spark = Sessions.delta("spira-split")) {
            result = new SplitJob(spark, config.split()).run(stage.warehouse);
        }
        System.out.println(new RunSummary("split")
                .put("status", "ok")
                .put("exit_code", 0)
                .put("run_id", result.runId())
                .put("new_subjects", result.newSubjects())
                .put("subjects", result.subjects())
                .put("subjects_by_split", counts(result.subjectsBySplitAndClass()))
                .put("recordings_by_split", counts(result.recordingsBySplitAndClass()))
                .put(
                        "tables",
                        new RunSummary()
                                .put("recordings", result.recordingsVersion())
                                .put("splits", result.splitsVersion()))
                .put("duration_s", (System.nanoTime() - start) / 1e9)
                .toJson());
        return 0;
    }

    private static RunSummary counts(Map<String, Long> counts) {
        RunSummary json = new RunSummary();
        counts.forEach(json::put);
        return json;
    }
}
