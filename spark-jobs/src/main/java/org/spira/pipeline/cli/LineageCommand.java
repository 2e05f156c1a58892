package org.spira.pipeline.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.lineage.IngestRunSummary;
import org.spira.pipeline.lineage.LineageJob;
import org.spira.pipeline.lineage.LineageResult;
import org.spira.pipeline.registry.TrainingLineage;
import org.spira.pipeline.tracking.ModelSelector;
import org.spira.pipeline.tracking.Tracker;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lineage (--model-version N | --alias NAME)}: what a registered model learned from. */
@Command(
        name = "lineage",
        description = "Prints the chain behind a registered model version: training run, table versions,"
                + " ingest runs and manifests, the audio objects it learned from (its rows of training_membership,"
                + " written first for a version that has none; listed in a CSV file), and how many recordings it has"
                + " scored.")
final class LineageCommand extends StageCommand {
    @ArgGroup(multiplicity = "1")
    Which which;

    @Option(
            names = "--output",
            paramLabel = "URI",
            description = "CSV file of the audio objects (default: <warehouse>/lineage/<model>/v<N>/audio.csv).")
    String output;

    static final class Which {
        @Option(names = "--model-version", paramLabel = "N", description = "The registered model version.")
        Long version;

        @Option(
                names = "--alias",
                paramLabel = "NAME",
                description = "The alias pointing at the version, e.g. champion.")
        String alias;
    }

    @Override
    List<String> tablesWritten() {
        return LineageJob.TABLES_WRITTEN;
    }

    @Override
    List<String> locations(PipelineConfig config) {
        return Optional.ofNullable(output).stream().toList();
    }

    @Override
    StageJob prepare(PipelineConfig config) {
        ModelSelector selector =
                which.version != null ? ModelSelector.version(which.version) : ModelSelector.alias(which.alias);
        Tracker tracker = Tracker.connect(config.tracking(), System.getenv());
        return StageJob.tracked(tracker, spark -> {
            LineageResult result =
                    new LineageJob(spark, tracker).run(options.warehouse, selector, Optional.ofNullable(output));
            printChain(result, out());
            return result;
        });
    }

    private static void printChain(LineageResult r, PrintWriter out) {
        TrainingLineage l = r.lineage();
        out.println("model " + r.version().model() + " version " + r.version().version() + " "
                + r.version().aliases());
        out.println("  <- training run " + r.run().id() + " (" + r.run().status() + "), app " + l.appVersion()
                + " at commit " + l.gitCommit());
        out.println("  <- features " + l.featuresTable() + " version " + l.featuresVersion() + ", feature spec "
                + l.featureSpecHash() + ", noise corpus " + l.noiseCorpusHash());
        out.println("  <- recordings version " + l.recordingsVersion() + ", splits version " + l.splitsVersion());
        for (IngestRunSummary run : r.ingestRuns()) {
            out.println("  <- ingest run " + run.ingestRunId() + " of " + run.startedAt() + ": manifest "
                    + run.manifestUri() + ", " + run.learned() + " of its " + run.accepted() + " recordings learned");
        }
        out.println("  <- " + r.audioObjects() + " audio objects " + r.recordings() + ", listed in " + r.audioList());
        if (r.membershipAdded() > 0) {
            out.println("  (the version had no rows in training_membership: " + r.membershipAdded()
                    + " written now, derived from its recorded table versions)");
        }
        out.println("  -> scored " + r.scoredRecordings() + " recordings of this warehouse (table predictions)");
    }
}
