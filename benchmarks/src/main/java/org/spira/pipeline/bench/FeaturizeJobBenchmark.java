package org.spira.pipeline.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.RecordingRejectedException;
import org.spira.features.dsp.FeatureSpec;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.featurize.FeaturizeJob;
import org.spira.pipeline.featurize.FeaturizeResult;
import org.spira.pipeline.ingest.IngestJob;
import org.spira.pipeline.split.SplitJob;

/**
 * The featurize job end to end (read {@code recordings}, read every audio object, MFCC, MERGE
 * into {@code features}) on local[1] and local[2] over at least one hour of distinct recordings,
 * against its own DSP core ({@link RecordingFeaturizer} alone on the same bytes, one thread, in
 * this JVM), plus the split job with conf/spark-defaults.conf's partitions against Spark's and
 * Delta's defaults. Prints one table; docs/benchmarks.md explains it. Every featurize run must
 * write as many windows as the DSP core cuts, or the run stops: the rows time the same work.
 *
 * <p>{@code FeaturizeJobBenchmark PUBLIC_DATA_DIR SPARK_DEFAULTS_CONF [HOURS]}
 */
public final class FeaturizeJobBenchmark {
    private static final String KEY = "benchmark-subject-key-0123456789";
    private final Path work;
    private final Properties sparkDefaults;
    private final List<String> report = new ArrayList<>();

    /** One wall time and the windows computed in it. */
    private record Timed(double seconds, long windows) {}

    /**
     * @param work a folder for the corpus and the warehouses; the caller deletes it
     * @param sparkDefaults the Spark properties of every session (conf/spark-defaults.conf)
     */
    public FeaturizeJobBenchmark(Path work, Properties sparkDefaults) {
        this.work = work;
        this.sparkDefaults = sparkDefaults;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FeaturizeJobBenchmark PUBLIC_DATA_DIR SPARK_DEFAULTS_CONF [HOURS]");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("spira-featurize-bench-");
        try {
            new FeaturizeJobBenchmark(work, sparkDefaults(Path.of(args[1])))
                    .run(Path.of(args[0]), args.length > 2 ? Double.parseDouble(args[2]) : 1.0, 1, System.out);
        } finally {
            deleteTree(work);
        }
    }

    /** The properties of a spark-defaults.conf file. */
    public static Properties sparkDefaults(Path file) throws IOException {
        Properties defaults = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            defaults.load(in);
        }
        return defaults;
    }

    /**
     * Runs every row over at least {@code hours} of distinct recordings of {@code publicData} (the
     * shared public folder, with metadata.csv) and prints the table to {@code out}.
     *
     * @param warmUpRuns untimed local[1] featurize runs before the timed ones: the first session and
     *     job in a JVM pay class loading and JIT (1 in a measurement, 0 in a smoke run)
     * @throws IllegalStateException if a featurize run wrote another number of windows than the DSP core cuts
     */
    public void run(Path publicData, double hours, int warmUpRuns, PrintStream out) throws Exception {
        header(hours);
        DistinctCorpus corpus = DistinctCorpus.write(publicData, work.resolve("landing"), hours);
        String base = ingest(corpus);
        progress("ingested " + corpus.recordings.size() + " recordings; warming up the DSP core");
        dspCore(corpus);
        Timed dsp = dspCore(corpus);
        row("RecordingFeaturizer alone (DSP core)", 1, corpus.audioSeconds, dsp.seconds(), dsp.seconds());
        for (int i = 0; i < warmUpRuns; i++) {
            featurize(base, 1, true);
        }
        Timed one = featurize(base, 1, true);
        Timed two = featurize(base, 2, true);
        Timed twoSparkDefaults = featurize(base, 2, false);
        requireWindows(dsp.windows(), List.of(one, two, twoSparkDefaults));
        row("featurize job, local[1]", 1, corpus.audioSeconds, one.seconds(), dsp.seconds());
        row("featurize job, local[2]", 2, corpus.audioSeconds, two.seconds(), dsp.seconds());
        row(
                "featurize job, local[2], Spark/Delta default partitions",
                2,
                corpus.audioSeconds,
                twoSparkDefaults.seconds(),
                dsp.seconds());
        double split = split(base, true);
        double splitSparkDefaults = split(base, false);
        report.add("");
        report.add("windows: every featurize run wrote the " + dsp.windows() + " windows the DSP core cuts");
        report.add(String.format(Locale.ROOT, "speed-up local[2] over local[1]: %.2fx", one.seconds() / two.seconds()));
        report.add(String.format(
                Locale.ROOT,
                "split job, local[2]: %.1f s with conf/spark-defaults.conf, %.1f s with Spark/Delta defaults (%.2fx)",
                split,
                splitSparkDefaults,
                splitSparkDefaults / split));
        report.add(String.format(Locale.ROOT, "1-minute load average at the end: %.2f", load()));
        report.forEach(out::println);
    }

    private static void requireWindows(long dspWindows, List<Timed> featurizeRuns) {
        for (Timed run : featurizeRuns) {
            if (run.windows() != dspWindows) {
                throw new IllegalStateException("a featurize run wrote " + run.windows() + " windows where the DSP core"
                        + " cuts " + dspWindows + ": the rows would not time the same work");
            }
        }
    }

    private void header(double hours) {
        report.add("featurize job benchmark, " + ZonedDateTime.now());
        report.add(String.format(
                Locale.ROOT,
                "machine: %d cores, 1-minute load average %.2f at start; %s %s",
                Runtime.getRuntime().availableProcessors(),
                load(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version")));
        report.add(
                String.format(Locale.ROOT, "workload: at least %.2f h of distinct recordings (clean variant)", hours));
        report.add("");
        report.add(String.format(
                Locale.ROOT,
                "%-56s %5s %9s %9s %13s %15s %11s",
                "row",
                "cores",
                "audio s",
                "wall s",
                "audio-h/core-h",
                "outside DSP",
                "vs DSP core"));
    }

    private void row(String name, int cores, double audio, double wall, double dsp) {
        double perCore = audio / (wall * cores);
        report.add(String.format(
                Locale.ROOT,
                "%-56s %5d %9.0f %9.1f %14.0f %14.0f%% %10.3fx",
                name,
                cores,
                audio,
                wall,
                perCore,
                100 * (1 - dsp / (wall * cores)),
                perCore / (audio / dsp)));
    }

    /** One pass of prepare + clean over every recording, one thread. */
    private static Timed dspCore(DistinctCorpus corpus) throws RecordingRejectedException {
        RecordingFeaturizer featurizer = new RecordingFeaturizer(FeatureSpec.spira());
        long windows = 0;
        long start = System.nanoTime();
        for (byte[] wav : corpus.recordings) {
            windows += featurizer.clean(featurizer.prepare(wav)).windows().length;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress("DSP core: " + windows + " windows in " + seconds + " s");
        return new Timed(seconds, windows);
    }

    /** Ingests the corpus once (untimed) into a file:// warehouse that every timed run copies. */
    private String ingest(DistinctCorpus corpus) throws IOException {
        Path warehouse = work.resolve("base");
        try (SparkSession spark = session(2, true)) {
            SubjectPseudonymizer key = SubjectPseudonymizer.fromEnvironment(
                    Map.of(SubjectPseudonymizer.KEY_VARIABLE, KEY), Optional.empty());
            new IngestJob(spark, PipelineConfig.defaults().ingest(), key)
                    .run(warehouse.toUri().toString(), corpus.manifest.toUri().toString());
        }
        return warehouse.toString();
    }

    /** The featurize job on a fresh copy of the ingested warehouse; the wall time of run() and the rows it wrote. */
    private Timed featurize(String base, int cores, boolean projectDefaults) throws IOException {
        String warehouse = copy(base);
        try (SparkSession spark = session(cores, projectDefaults)) {
            long start = System.nanoTime();
            FeaturizeResult result =
                    new FeaturizeJob(spark, PipelineConfig.defaults().featurize(), FeatureSpec.spira()).run(warehouse);
            double seconds = (System.nanoTime() - start) / 1e9;
            progress("featurize local[" + cores + "]: " + result.recordings() + " recordings, " + result.rows()
                    + " windows in " + seconds + " s");
            return new Timed(seconds, result.rows());
        } finally {
            deleteTree(Path.of(warehouse));
        }
    }

    private double split(String base, boolean projectDefaults) throws IOException {
        String warehouse = copy(base);
        try (SparkSession spark = session(2, projectDefaults)) {
            long start = System.nanoTime();
            new SplitJob(spark, PipelineConfig.defaults().split()).run(warehouse);
            return (System.nanoTime() - start) / 1e9;
        } finally {
            deleteTree(Path.of(warehouse));
        }
    }

    /** A local session with conf/spark-defaults.conf, or without its partition settings. */
    private SparkSession session(int cores, boolean projectDefaults) {
        SparkConf conf = new SparkConf().setMaster("local[" + cores + "]").setAppName("featurize-benchmark");
        sparkDefaults.stringPropertyNames().forEach(key -> conf.set(key, sparkDefaults.getProperty(key)));
        if (!projectDefaults) {
            conf.remove("spark.sql.shuffle.partitions").remove("spark.databricks.delta.snapshotPartitions");
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }

    private String copy(String base) throws IOException {
        Path target = work.resolve("run-" + System.nanoTime());
        try (Stream<Path> files = Files.walk(Path.of(base))) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(Path.of(base).relativize(file).toString()));
            }
        }
        return target.toString();
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void progress(String message) {
        System.err.println("bench-pipeline: " + message);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
