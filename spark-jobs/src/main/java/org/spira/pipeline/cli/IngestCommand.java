package org.spira.pipeline.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.ingest.IngestJob;
import org.spira.pipeline.ingest.IngestResult;
import org.spira.pipeline.ingest.SubjectPseudonymizer;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RejectedTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ingest --manifest URI}: the manifest's recordings into recordings / rejected. */
@Command(
        name = "ingest",
        description =
                "Reads a manifest CSV (path,subject_id,label[,metadata]) into the recordings and rejected tables.")
final class IngestCommand implements Callable<Integer> {
    @Mixin
    StageOptions stage;

    @Option(names = "--manifest", required = true, paramLabel = "URI", description = "The manifest CSV.")
    String manifest;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        PipelineConfig config = stage.load();
        stage.requireReachable(manifest);
        SubjectPseudonymizer pseudonymizer = SubjectPseudonymizer.fromEnvironment(
                System.getenv(), config.ingest().subjectKeyFile());
        IngestResult result;
        try (SparkSession spark = Sessions.delta("spira-ingest")) {
            result = new IngestJob(spark, config.ingest(), pseudonymizer).run(stage.warehouse, manifest);
        }
        boolean gateFailed = result.failsGate(config.ingest().maxRejectedFraction());
        int exit = gateFailed ? PipelineCommand.EXIT_QUALITY_GATE : 0;
        System.out.println(new RunSummary("ingest")
                .put("status", gateFailed ? "quality_gate_failed" : "ok")
                .put("exit_code", exit)
                .put("run_id", result.runId())
                .put("listed", result.listed())
                .put("accepted", result.accepted())
                .put("rejected", result.rejected())
                .put("duplicates", result.duplicates())
                .put(
                        "tables",
                        new RunSummary()
                                .put(RecordingsTable.NAME, result.recordingsVersion())
                                .put(RejectedTable.NAME, result.rejectedVersion()))
                .put("duration_s", (System.nanoTime() - start) / 1e9)
                .toJson());
        return exit;
    }
}
