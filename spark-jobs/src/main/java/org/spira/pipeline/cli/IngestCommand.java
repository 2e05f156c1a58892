package org.spira.pipeline.cli;

import java.util.List;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.ingest.IngestJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ingest --manifest URI}: the manifest's recordings into recordings / rejected. */
@Command(
        name = "ingest",
        description =
                "Reads a manifest CSV (path,subject_id,label[,metadata]) into the recordings and rejected tables.")
final class IngestCommand extends StageCommand {
    @Option(names = "--manifest", required = true, paramLabel = "URI", description = "The manifest CSV.")
    String manifest;

    @Override
    List<String> locations(PipelineConfig config) {
        return List.of(manifest);
    }

    @Override
    List<String> tablesWritten() {
        return IngestJob.TABLES_WRITTEN;
    }

    @Override
    StageJob prepare(PipelineConfig config) {
        SubjectPseudonymizer pseudonymizer = SubjectPseudonymizer.fromEnvironment(
                System.getenv(), config.ingest().subjectKeyFile());
        return spark -> new IngestJob(spark, config.ingest(), pseudonymizer).run(options.warehouse, manifest);
    }
}
