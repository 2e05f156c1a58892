package org.spira.pipeline.cli;

import java.util.List;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.maintain.MaintainJob;
import picocli.CommandLine.Command;

/** {@code maintain}: compaction of small files and VACUUM of every table of the warehouse. */
@Command(
        name = "maintain",
        description = "Compacts the small files of every table and vacuums it with spira.maintain.retention-hours.")
final class MaintainCommand extends StageCommand {
    @Override
    List<String> tablesWritten() {
        return MaintainJob.TABLES_WRITTEN;
    }

    @Override
    StageJob prepare(PipelineConfig config) {
        return spark -> new MaintainJob(spark, config.maintain()).run(options.warehouse);
    }
}
