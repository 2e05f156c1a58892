package org.spira.pipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.RecordingRejectedException;
import org.spira.features.dsp.FeatureSpec;
import org.spira.pipeline.io.SparkDefaults;

/**
 * The data stages at scale, each a real {@code bin/submit} (spark-submit: JVM and Spark start
 * counted) against MinIO: {@code ingest}, {@code featurize} (the clean variant and one noisy
 * variant per recording) and {@code split} on a {@link ScaleCorpus} of HOURS, then again with no
 * new data (the fixed cost of a run) and with a daily increment (1 % new files, the corpus's next
 * ones), on {@code local[1]}, {@code local[2]} and the standalone cluster. Against the DSP core
 * measured in the same run on the same files ({@link RecordingFeaturizer} prepare + clean, one
 * thread, in this JVM). Prints the tables and the targets as met or missed;
 * docs/benchmarks.md explains them. Every generated file must be accounted for in the stages'
 * summaries (ingest: accepted + rejected; featurize: featurized + rejected), or the run stops.
 *
 * <p>{@code PipelineScaleBenchmark REPOSITORY SHARED_DATA HOURS [MODES]}, MODES a comma list of
 * {@code local[1]}, {@code local[2]}, {@code cluster} (default all three). The environment is that
 * of {@code eval "$(bin/services env)"}.
 */
public final class PipelineScaleBenchmark {
    /** Where the stages run: cores are read from each application's event log. */
    enum Mode {
        LOCAL_1("local[1]"),
        LOCAL_2("local[2]"),
        CLUSTER("cluster");

        final String label;

        Mode(String label) {
            this.label = label;
        }

        static Mode parse(String label) {
            return Arrays.stream(values())
                    .filter(mode -> mode.label.equals(label))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "unknown mode '" + label + "': give local[1], local[2] or cluster, comma-separated"));
        }

        String master(Map<String, String> environment) {
            return this == CLUSTER ? environment.get("SPARK_MASTER_URL") : label;
        }

        String directory() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    enum Stage {
        INGEST,
        FEATURIZE,
        SPLIT,
        MAINTAIN;

        /** The stages each increment runs; maintain runs once per mode, after the increments. */
        static final List<Stage> DATA = List.of(INGEST, FEATURIZE, SPLIT);

        String command() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a run adds: the whole corpus, nothing, or the daily increment. */
    enum Increment {
        BASE("corpus"),
        EMPTY("empty"),
        DAILY("daily 1 %"),
        /** The table maintenance after the increments (it adds no data). */
        MAINTENANCE("tables");

        final String label;

        Increment(String label) {
            this.label = label;
        }
    }

    /** One stage run: its wall time (process start to exit), summary, event log and bytes written per table. */
    record Run(
            Mode mode,
            Stage stage,
            Increment increment,
            double audioSeconds,
            double wallSeconds,
            long launchMillis,
            long exitMillis,
            double load,
            JsonNode summary,
            EventLog events,
            Map<String, Long> bytesWritten) {

        double perCoreHour() {
            return audioSeconds / (wallSeconds * events.cores());
        }
    }

    /** The DSP core over a corpus: audio seconds per core-second, one thread. */
    record DspCore(double audioSeconds, double seconds, long windows) {
        double rate() {
            return audioSeconds / seconds;
        }
    }

    static final String USAGE = "usage: bin/bench-pipeline HOURS [MODES]  (MODES: comma list of local[1],"
            + " local[2], cluster; default all three)";
    static final String WAREHOUSE_BUCKET = "s3a://spira-warehouse/";
    private static final List<String> REQUIRED_ENVIRONMENT =
            List.of("SPARK_HOME", "SPIRA_S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    private static final double WARM_UP_SECONDS = 300;
    private static final double DAILY_SHARE = 0.01;
    static final int QUERY_REPEATS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Path sharedData;
    private final Path work;
    private final Map<String, String> environment;
    private final Path python;
    private final String subjectKey;
    private final List<String> report = new ArrayList<>();

    /**
     * @param root the repository (bin/submit, conf/)
     * @param sharedData the shared data folder (public/, noise/)
     * @param work a folder for the corpus and the stages' logs; the caller deletes it
     * @param environment the stages' environment: that of {@code bin/services env}
     * @param python the analyst notebook's interpreter (bin/setup-python notebooks-exported/requirements.txt)
     */
    PipelineScaleBenchmark(Path root, Path sharedData, Path work, Map<String, String> environment, Path python) {
        this.root = root;
        this.sharedData = sharedData;
        this.work = work;
        this.environment = environment;
        this.python = python;
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        this.subjectKey = HexFormat.of().formatHex(key);
    }

    public static void main(String[] args) throws Exception {
        double hours;
        List<Mode> modes;
        try {
            if (args.length < 3 || args.length > 4) {
                throw new IllegalArgumentException("expected HOURS and optionally MODES");
            }
            hours = hours(args[2]);
            modes = modes(args.length > 3 ? args[3] : "local[1],local[2],cluster");
            requireEnvironment(System.getenv(), modes);
            if (System.getenv().getOrDefault("SPIRA_PYTHON", "").isBlank()) {
                throw new IllegalArgumentException("SPIRA_PYTHON, the analyst notebook's interpreter, is not set:"
                        + " bin/bench-pipeline sets it (bin/setup-python notebooks-exported/requirements.txt)");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("bench-pipeline: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("spira-pipeline-bench-");
        new PipelineScaleBenchmark(
                        Path.of(args[0]),
                        Path.of(args[1]),
                        work,
                        System.getenv(),
                        Path.of(System.getenv("SPIRA_PYTHON")))
                .run(hours, modes, true, System.out);
        deleteTree(work);
    }

    static double hours(String text) {
        double hours;
        try {
            hours = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("HOURS must be a number of hours, got '" + text + "'");
        }
        if (!(hours > 0) || Double.isInfinite(hours)) {
            throw new IllegalArgumentException("HOURS must be a positive number of hours, got '" + text + "'");
        }
        return hours;
    }

    static List<Mode> modes(String text) {
        List<Mode> modes = Arrays.stream(text.split(","))
                .map(String::strip)
                .map(Mode::parse)
                .toList();
        if (modes.stream().distinct().count() != modes.size()) {
            throw new IllegalArgumentException("a mode is given twice in '" + text + "'");
        }
        return modes;
    }

    /** Fails unless the variables of {@code bin/services env} that the stages need are set. */
    static void requireEnvironment(Map<String, String> environment, List<Mode> modes) {
        List<String> missing = new ArrayList<>(REQUIRED_ENVIRONMENT);
        if (modes.contains(Mode.CLUSTER)) {
            missing.add("SPARK_MASTER_URL");
        }
        missing.removeIf(name -> !environment.getOrDefault(name, "").isBlank());
        if (environment.getOrDefault("SPIRA_SPARK_CLASSPATH", "").isBlank()
                && environment.getOrDefault("SPIRA_SPARK_JARS", "").isBlank()) {
            missing.add("SPIRA_SPARK_CLASSPATH");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the services' environment is not set (missing " + missing
                    + "): bin/services start minio spark; eval \"$(bin/services env)\"");
        }
    }

    /**
     * Makes a corpus of {@code hours} (and its daily increment), measures the DSP core on it, runs
     * the stages in every mode against a warehouse of its own under s3a://spira-warehouse/bench-*
     * (each deleted after its mode, the noise corpus uploaded beside them at the end) and prints the
     * report.
     *
     * @param daily whether to run the daily increment after the empty one
     * @throws IllegalStateException if a stage fails or a generated file is not accounted for
     */
    void run(double hours, List<Mode> modes, boolean daily, PrintStream out) throws Exception {
        report.add("pipeline scale benchmark, " + ZonedDateTime.now());
        report.add(String.format(
                Locale.ROOT,
                "machine: %d cores, 1-minute load average %.2f at start; %s %s",
                Runtime.getRuntime().availableProcessors(),
                load(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version")));
        int threads = Runtime.getRuntime().availableProcessors();
        CorpusSources sources = CorpusSources.load(sharedData);
        List<RecordingPlan> base =
                ScaleCorpus.write(sources, ScaleCorpus.plans(sources, hours), work.resolve("corpus"), threads);
        List<RecordingPlan> increment = daily
                ? ScaleCorpus.write(
                        sources,
                        ScaleCorpus.plans(sources, base.size(), hours * DAILY_SHARE),
                        work.resolve("increment"),
                        threads)
                : List.of();
        Files.createDirectories(work.resolve("empty"));
        Files.writeString(work.resolve("empty").resolve(ScaleCorpus.MANIFEST), ScaleCorpus.MANIFEST_HEADER + "\n");
        progress("corpus written: " + base.size() + " files, " + increment.size() + " in the increment");
        DspCore dsp = dspCore(work.resolve("corpus"), base);
        report.add(String.format(
                Locale.ROOT,
                "corpus: %d files, %.3f h (bin/make-corpus %s); daily increment: %d new files, %.3f h",
                base.size(),
                seconds(base) / 3600,
                hours,
                increment.size(),
                seconds(increment) / 3600));
        report.add(String.format(
                Locale.ROOT,
                "DSP core (RecordingFeaturizer prepare + clean, one thread, this JVM): %.1f audio-s per core-s"
                        + " (%.0f audio-s in %.1f s, %d windows)",
                dsp.rate(),
                dsp.audioSeconds(),
                dsp.seconds(),
                dsp.windows()));
        report.add("featurize computes the clean variant and 1 noisy variant per recording (3 noise segments)");
        report.add("spark-submit options added by SPIRA_SPARK_OPTS: "
                + environment.getOrDefault("SPIRA_SPARK_OPTS", "").strip().transform(o -> o.isEmpty() ? "none" : o));

        String prefix = WAREHOUSE_BUCKET + "bench-pipeline-" + System.currentTimeMillis();
        Configuration hadoop = SparkDefaults.hadoop(SparkDefaults.read(root.resolve("conf/spark-defaults.conf")));
        org.apache.hadoop.fs.Path prefixPath = new org.apache.hadoop.fs.Path(prefix);
        FileSystem fs = prefixPath.getFileSystem(hadoop);
        List<Run> runs = new ArrayList<>();
        List<String> accounting = new ArrayList<>();
        List<String> maintenance = new ArrayList<>();
        try {
            String noise = prefix + "/noise";
            try (Stream<Path> clips = Files.list(sharedData.resolve("noise"))) {
                for (Path clip :
                        clips.filter(p -> p.toString().endsWith(".wav")).toList()) {
                    fs.copyFromLocalFile(
                            new org.apache.hadoop.fs.Path(clip.toUri()),
                            new org.apache.hadoop.fs.Path(noise + "/" + clip.getFileName()));
                }
            }
            for (Mode mode : modes) {
                String warehouse = prefix + "/" + mode.directory();
                List<Increment> increments = daily
                        ? List.of(Increment.BASE, Increment.EMPTY, Increment.DAILY)
                        : List.of(Increment.BASE, Increment.EMPTY);
                for (Increment what : increments) {
                    Path manifest = work.resolve(
                                    switch (what) {
                                        case BASE -> "corpus";
                                        case EMPTY -> "empty";
                                        case DAILY -> "increment";
                                        case MAINTENANCE -> throw new IllegalStateException("no manifest");
                                    })
                            .resolve(ScaleCorpus.MANIFEST);
                    double audio =
                            switch (what) {
                                case BASE -> seconds(base);
                                case EMPTY -> 0;
                                case DAILY -> seconds(increment);
                                case MAINTENANCE -> throw new IllegalStateException("no audio");
                            };
                    for (Stage stage : Stage.DATA) {
                        runs.add(submit(fs, mode, stage, what, warehouse, manifest, noise, audio));
                        progress(row(runs.get(runs.size() - 1), runs, dsp));
                    }
                }
                accounting.add(accounting(mode, runs, base.size() + increment.size()));
                double readBefore = analystQueries(warehouse, mode, "before");
                runs.add(submit(fs, mode, Stage.MAINTAIN, Increment.MAINTENANCE, warehouse, null, noise, 0));
                progress(row(runs.get(runs.size() - 1), runs, dsp));
                maintenance.add(
                        maintenance(runs.get(runs.size() - 1), readBefore, analystQueries(warehouse, mode, "after")));
                // one mode's warehouse at a time: at 20 h, three would not fit beside the corpus
                fs.delete(new org.apache.hadoop.fs.Path(warehouse), true);
            }
        } finally {
            fs.delete(prefixPath, true);
        }
        report.addAll(tables(runs, dsp, modes));
        report.addAll(accounting);
        report.add("");
        report.add("table maintenance after the increments (maintain: compaction, then VACUUM with the default"
                + " retention), and the analyst notebook's wall time on the warehouse before and after it"
                + " (notebooks-exported/feature_table_queries.py, the best of " + QUERY_REPEATS + " runs):");
        report.addAll(maintenance);
        report.add(String.format(Locale.ROOT, "1-minute load average at the end: %.2f", load()));
        report.forEach(out::println);
    }

    /**
     * The analyst notebook on {@code warehouse}: its wall time, the best of {@link #QUERY_REPEATS}
     * runs; throws unless it exits 0.
     */
    private double analystQueries(String warehouse, Mode mode, String when) throws IOException, InterruptedException {
        Path logs = Files.createDirectories(work.resolve("logs").resolve(mode.directory() + "-analyst-" + when));
        double best = Double.MAX_VALUE;
        for (int i = 0; i < QUERY_REPEATS; i++) {
            ProcessBuilder process = new ProcessBuilder(
                            python.toString(),
                            root.resolve("notebooks-exported/feature_table_queries.py")
                                    .toString(),
                            warehouse,
                            logs.resolve("plots").toString())
                    .redirectOutput(logs.resolve("stdout").toFile())
                    .redirectError(logs.resolve("stderr").toFile());
            process.environment().putAll(environment);
            long start = System.nanoTime();
            int exit = process.start().waitFor();
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
            if (exit != 0) {
                throw new IllegalStateException("the analyst notebook on " + mode.label + " (" + when + " maintain)"
                        + " exited " + exit + "; its log: " + logs.resolve("stderr"));
            }
        }
        return best;
    }

    /** The maintain run's line: files per table before and after compaction, and the notebook's time. */
    private static String maintenance(Run maintain, double readBefore, double readAfter) {
        StringBuilder files = new StringBuilder();
        maintain.summary()
                .path("files_before")
                .fields()
                .forEachRemaining(table -> files.append(String.format(
                        Locale.ROOT,
                        " %s %d->%d",
                        table.getKey(),
                        table.getValue().asLong(),
                        maintain.summary()
                                .path("files_after")
                                .path(table.getKey())
                                .asLong())));
        return String.format(
                Locale.ROOT,
                "maintenance, %s: maintain %.1f s; data files%s; analyst notebook %.2f s before, %.2f s after",
                maintain.mode().label,
                maintain.wallSeconds(),
                files,
                readBefore,
                readAfter);
    }

    /** One stage as {@code bin/submit} in its own log folder; throws unless it exits 0. */
    private Run submit(
            FileSystem fs,
            Mode mode,
            Stage stage,
            Increment increment,
            String warehouse,
            Path manifest,
            String noise,
            double audioSeconds)
            throws IOException, InterruptedException {
        Path logs = work.resolve("logs")
                .resolve(mode.directory() + "-" + increment.name().toLowerCase(Locale.ROOT) + "-" + stage.command());
        Path events = Files.createDirectories(logs.resolve("events"));
        List<String> command = new ArrayList<>(List.of(
                root.resolve("bin/submit").toString(),
                stage.command(),
                "--warehouse",
                warehouse,
                "--config",
                root.resolve("conf/minio.conf").toString()));
        switch (stage) {
            case INGEST -> command.addAll(List.of("--manifest", manifest.toUri().toString()));
            case FEATURIZE -> command.addAll(List.of(
                    "--set",
                    "spira.featurize.noise-corpus=" + noise,
                    "--set",
                    "spira.featurize.control-variants=1",
                    "--set",
                    "spira.featurize.patient-variants=1"));
            case SPLIT, MAINTAIN -> {}
        }
        ProcessBuilder process = new ProcessBuilder(command)
                .directory(logs.toFile())
                .redirectOutput(logs.resolve("stdout").toFile())
                .redirectError(logs.resolve("stderr").toFile());
        process.environment().putAll(environment);
        process.environment().put("SPARK_MASTER_URL", mode.master(environment));
        process.environment().put("SPIRA_SUBJECT_KEY", subjectKey);
        process.environment()
                .put(
                        "SPIRA_SPARK_OPTS",
                        (environment.getOrDefault("SPIRA_SPARK_OPTS", "") + " " + eventLogOptions(events)).strip());
        Map<String, Long> before = sizes(fs, warehouse);
        progress(stage.command() + " on " + mode.label + ", " + increment.label + " ...");
        long launch = System.currentTimeMillis();
        long start = System.nanoTime();
        int exit = process.start().waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        long exited = System.currentTimeMillis();
        double load = load();
        List<String> stdout = Files.readAllLines(logs.resolve("stdout"));
        String last = stdout.isEmpty() ? "" : stdout.get(stdout.size() - 1);
        if (exit != 0) {
            throw new IllegalStateException(stage.command() + " on " + mode.label + " (" + increment.label + ") exited "
                    + exit + ": " + last + "; its log: " + logs.resolve("stderr"));
        }
        Map<String, Long> written = new TreeMap<>();
        sizes(fs, warehouse).forEach((table, bytes) -> written.put(table, bytes - before.getOrDefault(table, 0L)));
        return new Run(
                mode,
                stage,
                increment,
                audioSeconds,
                wall,
                launch,
                exited,
                load,
                JSON.readTree(last),
                EventLog.read(events),
                written);
    }

    /**
     * Event logs with the executors' and the driver's peak memory: stage-level peaks logged, the
     * process tree's resident set measured, metrics polled every second and sent every 2 s.
     */
    static String eventLogOptions(Path events) {
        return String.join(
                " ",
                "--conf spark.eventLog.enabled=true",
                "--conf spark.eventLog.dir=" + events.toUri(),
                "--conf spark.eventLog.logStageExecutorMetrics=true",
                "--conf spark.executor.processTreeMetrics.enabled=true",
                "--conf spark.executor.metrics.pollingInterval=1s",
                "--conf spark.executor.heartbeatInterval=2s");
    }

    /** Bytes under the warehouse by its first path element (a table, audio/, the leases). */
    static Map<String, Long> sizes(FileSystem fs, String warehouse) throws IOException {
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(warehouse);
        Map<String, Long> sizes = new TreeMap<>();
        if (!fs.exists(root)) {
            return sizes;
        }
        String rootPath = fs.makeQualified(root).toUri().getPath();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
        while (files.hasNext()) {
            LocatedFileStatus file = files.next();
            String relative = file.getPath().toUri().getPath().substring(rootPath.length() + 1);
            int slash = relative.indexOf('/');
            sizes.merge(slash < 0 ? relative : relative.substring(0, slash), file.getLen(), Long::sum);
        }
        return sizes;
    }

    /**
     * The accounting line of a mode: every generated file is a recording or an ingest rejection
     * (the files are distinct: no duplicates), and every recording is featurized or rejected by featurize.
     */
    private static String accounting(Mode mode, List<Run> runs, int files) {
        long accepted = sum(runs, mode, Stage.INGEST, "accepted");
        long rejected = sum(runs, mode, Stage.INGEST, "rejected");
        long duplicates = sum(runs, mode, Stage.INGEST, "duplicates");
        long featurized = sum(runs, mode, Stage.FEATURIZE, "recordings");
        long featurizeRejected = sum(runs, mode, Stage.FEATURIZE, "rejected");
        if (accepted + rejected != files || duplicates != 0 || featurized + featurizeRejected != accepted) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "%s: %d files generated, but ingest accepted %d, rejected %d and found %d duplicates, and"
                            + " featurize featurized %d and rejected %d",
                    mode.label,
                    files,
                    accepted,
                    rejected,
                    duplicates,
                    featurized,
                    featurizeRejected));
        }
        return String.format(
                Locale.ROOT,
                "accounting, %s: %d files generated = %d recordings + %d rejected by ingest (0 duplicates);"
                        + " %d recordings = %d featurized + %d rejected by featurize",
                mode.label,
                files,
                accepted,
                rejected,
                accepted,
                featurized,
                featurizeRejected);
    }

    private static long sum(List<Run> runs, Mode mode, Stage stage, String field) {
        return runs.stream()
                .filter(run -> run.mode() == mode && run.stage() == stage)
                .mapToLong(run -> run.summary().path(field).asLong())
                .sum();
    }

    /** The tables of the report: stages, bytes written, fixed cost, targets. */
    private static List<String> tables(List<Run> runs, DspCore dsp, List<Mode> modes) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add(String.format(
                Locale.ROOT,
                "%-9s %-10s %-10s %5s %8s %8s %14s %8s %9s %15s %15s %6s",
                "mode",
                "stage",
                "increment",
                "cores",
                "audio h",
                "wall s",
                "audio-h/core-h",
                "vs DSP",
                "1->2 core",
                "driver heap/RSS",
                "exec. heap/RSS",
                "load"));
        runs.forEach(run -> lines.add(row(run, runs, dsp)));
        lines.add("memory: peak JVM heap / process-tree RSS in MB, from the Spark event log (stage and task"
                + " executor metrics); on local[N] the executor is the driver JVM");

        List<String> tables = runs.stream()
                .flatMap(run -> run.bytesWritten().keySet().stream())
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new))
                .stream()
                .toList();
        lines.add("");
        lines.add("bytes written per audio-hour, MB (empty increment: bytes written, kB), by warehouse folder:");
        StringBuilder header =
                new StringBuilder(String.format(Locale.ROOT, "%-9s %-10s %-10s", "mode", "stage", "increment"));
        tables.forEach(table -> header.append(String.format(Locale.ROOT, " %14s", table)));
        lines.add(header.toString());
        for (Run run : runs) {
            StringBuilder line = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%-9s %-10s %-10s",
                    run.mode().label,
                    run.stage().command(),
                    run.increment().label));
            for (String table : tables) {
                long bytes = run.bytesWritten().getOrDefault(table, 0L);
                line.append(String.format(
                        Locale.ROOT,
                        " %14.1f",
                        run.audioSeconds() > 0 ? bytes / 1e6 / (run.audioSeconds() / 3600) : bytes / 1e3));
            }
            lines.add(line.toString());
        }

        lines.add("");
        lines.add("fixed cost, empty increment: seconds from the process's start to the SparkContext's start,"
                + " to the first job, to the last job's end, to the SparkContext's stop, to the process's exit");
        lines.add(String.format(
                Locale.ROOT,
                "%-9s %-10s %9s %9s %9s %9s %9s %8s",
                "mode",
                "stage",
                "to ctx",
                "to job 1",
                "jobs",
                "to stop",
                "to exit",
                "total"));
        for (Run run : only(runs, run -> run.increment() == Increment.EMPTY)) {
            EventLog events = run.events();
            boolean jobs = events.firstJobMillis() >= 0;
            long jobsEnd = jobs ? events.lastJobEndMillis() : events.appStartMillis();
            lines.add(String.format(
                    Locale.ROOT,
                    "%-9s %-10s %9.1f %9s %9s %9.1f %9.1f %8.1f",
                    run.mode().label,
                    run.stage().command(),
                    (events.appStartMillis() - run.launchMillis()) / 1e3,
                    jobs
                            ? String.format(
                                    Locale.ROOT, "%.1f", (events.firstJobMillis() - events.appStartMillis()) / 1e3)
                            : "no job",
                    jobs ? String.format(Locale.ROOT, "%.1f", (jobsEnd - events.firstJobMillis()) / 1e3) : "-",
                    (events.appEndMillis() - jobsEnd) / 1e3,
                    (run.exitMillis() - events.appEndMillis()) / 1e3,
                    run.wallSeconds()));
        }

        lines.add("");
        lines.add("targets:");
        for (Run featurize : only(runs, run -> run.stage() == Stage.FEATURIZE && run.increment() == Increment.BASE)) {
            double ratio = featurize.perCoreHour() / dsp.rate();
            lines.add(target(
                    "featurize >= 50 % of the DSP core per core, " + featurize.mode().label,
                    String.format(Locale.ROOT, "%.3fx", ratio),
                    ratio >= 0.5));
            only(
                            runs,
                            run -> run.stage() == Stage.INGEST
                                    && run.increment() == Increment.BASE
                                    && run.mode() == featurize.mode())
                    .forEach(ingest -> {
                        double over = ingest.perCoreHour() / featurize.perCoreHour();
                        lines.add(target(
                                "ingest >= 3x featurize's audio-h/core-h, " + featurize.mode().label,
                                String.format(Locale.ROOT, "%.2fx", over),
                                over >= 3));
                    });
            if (featurize.mode() == Mode.LOCAL_2) {
                speedUp(runs, featurize)
                        .ifPresent(x -> lines.add(target(
                                "featurize local[2] >= 1.8x local[1]",
                                String.format(Locale.ROOT, "%.2fx", x),
                                x >= 1.8)));
            }
        }
        for (Run empty : only(runs, run -> run.increment() == Increment.EMPTY && run.mode() != Mode.LOCAL_1)) {
            double limit = empty.mode() == Mode.CLUSTER ? 25 : 15;
            lines.add(target(
                    String.format(
                            Locale.ROOT,
                            "fixed cost <= %.0f s, %s, %s",
                            limit,
                            empty.stage().command(),
                            empty.mode().label),
                    String.format(Locale.ROOT, "%.1f s", empty.wallSeconds()),
                    empty.wallSeconds() <= limit));
        }
        if (!modes.contains(Mode.LOCAL_1) || !modes.contains(Mode.LOCAL_2)) {
            lines.add("(the 1 -> 2 core target needs both local[1] and local[2])");
        }
        lines.add("");
        return lines;
    }

    /** One run's row of the stage table; {@code runs} for the speed-up over local[1]. */
    private static String row(Run run, List<Run> runs, DspCore dsp) {
        boolean audio = run.audioSeconds() > 0;
        return String.format(
                Locale.ROOT,
                "%-9s %-10s %-10s %5d %8.3f %8.1f %14s %8s %9s %15s %15s %6.2f",
                run.mode().label,
                run.stage().command(),
                run.increment().label,
                run.events().cores(),
                run.audioSeconds() / 3600,
                run.wallSeconds(),
                audio ? String.format(Locale.ROOT, "%.1f", run.perCoreHour()) : "-",
                audio ? String.format(Locale.ROOT, "%.3fx", run.perCoreHour() / dsp.rate()) : "-",
                speedUp(runs, run)
                        .map(x -> String.format(Locale.ROOT, "%.2fx", x))
                        .orElse("-"),
                megabytes(run.events().driver()),
                run.mode() == Mode.CLUSTER ? megabytes(run.events().executors()) : "= driver",
                run.load());
    }

    private static String target(String name, String figure, boolean met) {
        return String.format(Locale.ROOT, "  %-52s %10s  %s", name, figure, met ? "met" : "MISSED");
    }

    /** local[2]'s speed-up over local[1] for the same stage and increment, for a local[2] run. */
    private static java.util.Optional<Double> speedUp(List<Run> runs, Run run) {
        if (run.mode() != Mode.LOCAL_2 || run.audioSeconds() == 0) {
            return java.util.Optional.empty();
        }
        return only(
                        runs,
                        one -> one.mode() == Mode.LOCAL_1
                                && one.stage() == run.stage()
                                && one.increment() == run.increment())
                .stream()
                .findFirst()
                .map(one -> one.wallSeconds() / run.wallSeconds());
    }

    private static List<Run> only(List<Run> runs, Predicate<Run> which) {
        return runs.stream().filter(which).toList();
    }

    private static String megabytes(EventLog.Peaks peaks) {
        return peaks.heap() == 0 && peaks.rss() == 0
                ? "n/a"
                : String.format(Locale.ROOT, "%d/%d", peaks.heap() >> 20, peaks.rss() >> 20);
    }

    /**
     * The DSP core on the corpus's files: prepare + clean of each, one thread, the file's bytes
     * read outside the timing; after an untimed pass over its first {@value #WARM_UP_SECONDS} s of audio.
     */
    static DspCore dspCore(Path corpus, List<RecordingPlan> plans) throws IOException {
        RecordingFeaturizer featurizer = new RecordingFeaturizer(FeatureSpec.spira());
        double warmedUp = 0;
        for (RecordingPlan plan : plans) {
            if (warmedUp >= WARM_UP_SECONDS) {
                break;
            }
            featurize(featurizer, Files.readAllBytes(corpus.resolve(plan.path())));
            warmedUp += plan.seconds();
        }
        long windows = 0;
        long nanos = 0;
        for (RecordingPlan plan : plans) {
            byte[] wav = Files.readAllBytes(corpus.resolve(plan.path()));
            long start = System.nanoTime();
            windows += featurize(featurizer, wav);
            nanos += System.nanoTime() - start;
        }
        progress("DSP core: " + windows + " windows in " + nanos / 1e9 + " s");
        return new DspCore(seconds(plans), nanos / 1e9, windows);
    }

    private static int featurize(RecordingFeaturizer featurizer, byte[] wav) {
        try {
            return featurizer.clean(featurizer.prepare(wav)).windows().length;
        } catch (RecordingRejectedException e) {
            return 0;
        }
    }

    private static double seconds(List<RecordingPlan> plans) {
        return plans.stream().mapToDouble(RecordingPlan::seconds).sum();
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void progress(String message) {
        System.err.println("bench-pipeline: " + message);
    }

    static void deleteTree(Path root) throws IOException {
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
