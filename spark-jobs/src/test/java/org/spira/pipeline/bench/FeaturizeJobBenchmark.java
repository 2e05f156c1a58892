package org.spira.pipeline.bench;

import java.io.IOException;
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
import org.spira.pipeline.featurize.FeaturizeJob;
import org.spira.pipeline.featurize.FeaturizeResult;
import org.spira.pipeline.ingest.IngestJob;
import org.spira.pipeline.ingest.SubjectPseudonymizer;
import org.spira.pipeline.split.SplitJob;

/**
 * The featurize job end to end (read {@code recordings}, read every audio object, MFCC, MERGE
 * into {@code features}) on local[1] and local[2] over at least one hour of distinct recordings,
 * against its own DSP core ({@link RecordingFeaturizer} alone on the same bytes, one thread, in
 * this JVM), plus the split job with conf/spark-defaults.conf's partitions against Spark's and
 * Delta's defaults. Prints one table; docs/benchmarks.md explains it.
 *
 * <p>{@code FeaturizeJobBenchmark PUBLIC_DATA_DIR SPARK_DEFAULTS_CONF [HOURS]}
 */
public final class FeaturizeJobBenchmark {
    private static final String KEY = "benchmark-subject-key-0123456789";
    private final Path work;
    private final Properties sparkDefaults;
    private final List<String> report = new ArrayList<>();

    private FeaturizeJobBenchmark(Path work, Properties sparkDefaults) {
        this.work = work;
        this.sparkDefaults = sparkDefaults;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FeaturizeJobBenchmark PUBLIC_DATA_DIR SPARK_DEFAULTS_CONF [HOURS]");
            System.exit(2);
        }
        Properties defaults = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[1]))) {
            defaults.load(in);
        }
        Path work = Files.createTempDirectory("spira-featurize-bench-");
        try {
            new FeaturizeJobBenchmark(work, defaults)
                    .run(Path.of(args[0]), args.length > 2 ? Double.parseDouble(args[2]) : 1.0);
        } finally {
            deleteTree(work);
        }
    }

    private void run(Path publicData, double hours) throws Exception {
        header(hours);
        DistinctCorpus corpus = DistinctCorpus.write(publicData, work.resolve("landing"), hours);
        String base = ingest(corpus);
        progress("ingested " + corpus.recordings.size() + " recordings; warming up the DSP core");
        dspCoreSeconds(corpus);
        double dsp = dspCoreSeconds(corpus);
        row("RecordingFeaturizer alone (DSP core)", 1, corpus.audioSeconds, dsp, dsp);
        featurize(base, 1, true); // warm-up: the first session and job in a JVM pay class loading and JIT
        double one = featurize(base, 1, true);
        double two = featurize(base, 2, true);
        double twoSparkDefaults = featurize(base, 2, false);
        row("featurize job, local[1]", 1, corpus.audioSeconds, one, dsp);
        row("featurize job, local[2]", 2, corpus.audioSeconds, two, dsp);
        row("featurize job, local[2], Spark/Delta default partitions", 2, corpus.audioSeconds, twoSparkDefaults, dsp);
        double split = split(base, true);
        double splitSparkDefaults = split(base, false);
        report.add("");
        report.add(String.format(Locale.ROOT, "speed-up local[2] over local[1]: %.2fx", one / two));
        report.add(String.format(
                Locale.ROOT,
                "split job, local[2]: %.1f s with conf/spark-defaults.conf, %.1f s with Spark/Delta defaults (%.2fx)",
                split,
                splitSparkDefaults,
                splitSparkDefaults / split));
        report.add(String.format(Locale.ROOT, "1-minute load average at the end: %.2f", load()));
        report.forEach(System.out::println);
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

    /** One pass of prepare + clean over every recording, one thread; wall seconds. */
    private static double dspCoreSeconds(DistinctCorpus corpus) throws RecordingRejectedException {
        RecordingFeaturizer featurizer = new RecordingFeaturizer(FeatureSpec.spira());
        long windows = 0;
        long start = System.nanoTime();
        for (byte[] wav : corpus.recordings) {
            windows += featurizer.clean(featurizer.prepare(wav)).windows().length;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress("DSP core: " + windows + " windows in " + seconds + " s");
        return seconds;
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

    /** The featurize job on a fresh copy of the ingested warehouse; wall seconds of run(). */
    private double featurize(String base, int cores, boolean projectDefaults) throws IOException {
        String warehouse = copy(base);
        try (SparkSession spark = session(cores, projectDefaults)) {
            long start = System.nanoTime();
            FeaturizeResult result =
                    new FeaturizeJob(spark, PipelineConfig.defaults().featurize(), FeatureSpec.spira()).run(warehouse);
            double seconds = (System.nanoTime() - start) / 1e9;
            progress("featurize local[" + cores + "]: " + result.recordings() + " recordings, " + result.rows()
                    + " windows in " + seconds + " s");
            return seconds;
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
