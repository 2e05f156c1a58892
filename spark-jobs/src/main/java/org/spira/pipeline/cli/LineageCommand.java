package org.spira.pipeline.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.lineage.IngestRunSummary;
import org.spira.pipeline.lineage.LineageJob;
import org.spira.pipeline.lineage.LineageResult;
import org.spira.pipeline.lineage.TrainingLineage;
import org.spira.pipeline.tracking.ModelSelector;
import org.spira.pipeline.tracking.Tracker;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lineage (--model-version N | --alias NAME)}: what a registered model learned from. */
@Command(
        name = "lineage",
        description = "Prints the chain behind a registered model version: training run, table versions,"
                + " ingest runs and manifests, and the audio objects it learned from (listed in a CSV file).")
final class LineageCommand implements Callable<Integer> {
    @Mixin
    StageOptions stage;

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
    public Integer call() {
        long start = System.nanoTime();
        PipelineConfig config = stage.load();
        ModelSelector selector =
                which.version != null ? ModelSelector.version(which.version) : ModelSelector.alias(which.alias);
        LineageResult result;
        try (Tracker tracker = Tracker.connect(config.tracking(), System.getenv());
                SparkSession spark = Sessions.delta("spira-lineage")) {
            result = new LineageJob(spark, tracker).run(stage.warehouse, selector, Optional.ofNullable(output));
        }
        printChain(result);
        System.out.println(summary(result)
                .put("duration_s", (System.nanoTime() - start) / 1e9)
                .toJson());
        return 0;
    }

    private static void printChain(LineageResult r) {
        TrainingLineage l = r.lineage();
        System.out.println("model " + r.version().model() + " version "
                + r.version().version() + " " + r.version().aliases());
        System.out.println("  <- training run " + r.run().id() + " (" + r.run().status() + "), app " + l.appVersion()
                + " at commit " + l.gitCommit());
        System.out.println("  <- features " + l.featuresTable() + " version " + l.featuresVersion() + ", feature spec "
                + l.featureSpecHash() + ", noise corpus " + l.noiseCorpusHash());
        System.out.println(
                "  <- recordings version " + l.recordingsVersion() + ", splits version " + l.splitsVersion());
        for (IngestRunSummary run : r.ingestRuns()) {
            System.out.println("  <- ingest run " + run.ingestRunId() + " of " + run.startedAt() + ": manifest "
                    + run.manifestUri() + ", " + run.learned() + " of its " + run.accepted() + " recordings learned");
        }
        System.out.println(
                "  <- " + r.audioObjects() + " audio objects " + r.recordings() + ", listed in " + r.audioList());
    }

    private static RunSummary summary(LineageResult r) {
        TrainingLineage l = r.lineage();
        RunSummary ingest = new RunSummary();
        r.ingestRuns()
                .forEach(run -> ingest.put(
                        run.ingestRunId(),
                        new RunSummary()
                                .put("manifest_uri", run.manifestUri())
                                .put("started_at", run.startedAt().toInstant().toString())
                                .put("accepted", run.accepted())
                                .put("learned", run.learned())));
        RunSummary recordings = new RunSummary();
        r.recordings().forEach(recordings::put);
        return new RunSummary("lineage")
                .put("status", "ok")
                .put("exit_code", 0)
                .put("model", r.version().model())
                .put("model_version", r.version().version())
                .put("train_run_id", r.run().id())
                .put("train_run_status", r.run().status())
                .put("git_commit", l.gitCommit())
                .put("feature_version", l.featureSpecHash())
                .put("noise_corpus", l.noiseCorpusHash())
                .put(
                        "tables",
                        new RunSummary()
                                .put("features", l.featuresVersion())
                                .put("recordings", l.recordingsVersion())
                                .put("splits", l.splitsVersion()))
                .put("ingest_runs", ingest)
                .put("recordings", recordings)
                .put("audio_objects", r.audioObjects())
                .put("audio_list", r.audioList());
    }
}
