package org.spira.pipeline.cli;

import java.util.List;
import java.util.Optional;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tracking.ModelSelector;
import org.spira.pipeline.tracking.Tracker;
import org.spira.pipeline.validate.ValidateJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code validate}: the data since a model version's training, against the data it was trained on. */
@Command(
        name = "validate",
        description = "Compares the recordings featurized since a registered model version was trained with those it"
                + " was trained on (Jensen-Shannon divergence per MFCC coefficient and of sample rates, sources and"
                + " tasks), checks the new recordings' speech-quality pass rate and the tables' invariants, and"
                + " logs the report to MLflow; exit status 3 when a spira.validate limit is exceeded.")
final class ValidateCommand extends StageCommand {
    @Option(
            names = "--against-model-version",
            paramLabel = "N",
            description = "The version whose training data is the reference (default: latest).")
    Long modelVersion;

    @Option(names = "--alias", paramLabel = "ALIAS", description = "The reference is the version this alias points at.")
    String alias;

    @Override
    List<String> locations(PipelineConfig config) {
        return List.of();
    }

    @Override
    StageJob prepare(PipelineConfig config) {
        ModelSelector selector = new ModelSelector(Optional.ofNullable(modelVersion), Optional.ofNullable(alias));
        Tracker tracker = Tracker.connect(config.tracking(), System.getenv());
        return StageJob.tracked(
                tracker,
                spark -> WorkFolder.use("validate", workDir -> new ValidateJob(config.validate(), tracker, workDir)
                        .run(new DeltaStore(spark, options.warehouse), selector)));
    }
}
