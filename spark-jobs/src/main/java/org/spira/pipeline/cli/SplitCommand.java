package org.spira.pipeline.cli;

import java.util.List;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.split.SplitJob;
import picocli.CommandLine.Command;

/** {@code split}: subject-level train / validation / test assignment into the splits table. */
@Command(name = "split", description = "Assigns new subjects to train, validation and test (subject level, stable).")
final class SplitCommand extends StageCommand {
    @Override
    List<String> tablesWritten() {
        return SplitJob.TABLES_WRITTEN;
    }

    @Override
    StageJob prepare(PipelineConfig config) {
        return spark -> new SplitJob(spark, config.split()).run(options.warehouse);
    }
}
