package org.spira.pipeline.cli;

import java.util.List;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.featurize.FeaturizeJob;
import picocli.CommandLine.Command;

/** {@code featurize}: recordings without features of the current feature version into features. */
@Command(
        name = "featurize",
        description =
                "Computes SPIRA's MFCC windows (clean and noisy variants) of new recordings into the features table.")
final class FeaturizeCommand extends StageCommand {
    @Override
    List<String> locations(PipelineConfig config) {
        return config.featurize().noiseCorpus().stream().toList();
    }

    @Override
    List<String> tablesWritten() {
        return FeaturizeJob.TABLES_WRITTEN;
    }

    @Override
    StageJob prepare(PipelineConfig config) {
        return spark -> new FeaturizeJob(spark, config.featurize(), config.features()).run(options.warehouse);
    }
}
