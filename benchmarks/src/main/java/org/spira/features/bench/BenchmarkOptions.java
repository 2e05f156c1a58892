package org.spira.features.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Command-line options of {@link FeaturizationBenchmark}.
 *
 * @param dataDir the shared public data folder (metadata.csv and audio/)
 * @param targetSeconds audio to featurize per timed pass, seconds (the corpus is cycled)
 * @param repetitions timed passes per implementation; the fastest is reported
 * @param warmupItems recordings of the untimed warm-up passes
 * @param warmupSeconds warm-up passes are repeated until this much time has passed, seconds
 * @param threads threads of the all-cores row
 * @param checkEvery every k-th corpus file goes into the fast-path correctness check
 * @param python interpreter for the torchaudio and librosa rows; empty to skip them
 * @param torchPython interpreter for the two PyTorch rows (PyTorch 2.x and torchaudio); empty to skip them
 * @param peersScript {@code bench_peers.py}
 * @param baseline another build of this project to time beside the current one; empty for none
 */
record BenchmarkOptions(
        Path dataDir,
        double targetSeconds,
        int repetitions,
        int warmupItems,
        double warmupSeconds,
        int threads,
        int checkEvery,
        Optional<Path> python,
        Optional<Path> torchPython,
        Path peersScript,
        Optional<BaselineBuild> baseline) {

    /**
     * This project built at another revision.
     *
     * @param label the revision, as shown in the report
     * @param classpath that build's audio core classes ({@code audio-core/target/classes}, {@code
     *     feature-udfs/target/classes} at revisions before audio-core) and runtime dependencies
     */
    record BaselineBuild(String label, List<Path> classpath) {}

    static final String USAGE = String.join(
            "\n",
            "usage: FeaturizationBenchmark --data DIR [--quick] [--hours H] [--repetitions N] [--warmup N]",
            "           [--warmup-seconds S] [--threads N] [--check-every K] [--python PATH] [--torch-python PATH]",
            "           [--peers SCRIPT]",
            "           [--baseline-build LABEL=CLASSPATH]",
            "  --data DIR        shared public data folder with metadata.csv (required)",
            "  --hours H         audio per timed pass, hours (default 1; the corpus is cycled)",
            "  --quick           smoke test: 0.1 h per pass, 2 s of warm-up (later options override)",
            "  --repetitions N   timed passes per implementation, the fastest is kept (default 3)",
            "  --warmup N        recordings in each untimed warm-up pass (default 24)",
            "  --warmup-seconds S  repeat warm-up passes until S seconds have passed (default 10)",
            "  --threads N       threads of the all-cores row (default: available processors)",
            "  --check-every K   check fast path = per-window path on every K-th file (default 10)",
            "  --python PATH     Python with torchaudio and librosa; without it those rows are skipped",
            "  --torch-python PATH  Python with PyTorch 2.x and torchaudio for the two PyTorch rows (bin/bench-features:",
            "                    .tools/torch-venv); without it those rows are skipped",
            "  --peers SCRIPT    bench_peers.py (default benchmarks/src/main/python/bench_peers.py)",
            "  --baseline-build LABEL=CLASSPATH  also time this project as built at revision LABEL, whose",
            "                    audio core classes and dependencies are CLASSPATH (bin/bench-features --baseline REV",
            "                    builds it), in its own class loader, interleaved with the current code",
            "  --help            this text");

    BenchmarkOptions {
        requirePositive("--repetitions", repetitions);
        requirePositive("--threads", threads);
        requirePositive("--check-every", checkEvery);
        if (warmupItems < 0 || !(warmupSeconds >= 0) || !(targetSeconds > 0)) {
            throw new IllegalArgumentException("--warmup and --warmup-seconds must be >= 0, --hours > 0\n" + USAGE);
        }
        for (Optional<Path> interpreter : List.of(python, torchPython)) {
            interpreter.filter(path -> !Files.isExecutable(path)).ifPresent(path -> {
                throw new IllegalArgumentException(
                        "Python interpreter " + path + " is not an executable file\n" + USAGE);
            });
        }
        if ((python.isPresent() || torchPython.isPresent()) && !Files.isRegularFile(peersScript)) {
            throw new IllegalArgumentException(
                    "--peers " + peersScript + " is not a file: give bench_peers.py\n" + USAGE);
        }
        if (!Files.isRegularFile(dataDir.resolve("metadata.csv"))) {
            throw new IllegalArgumentException(
                    "--data " + dataDir + " has no metadata.csv: give the shared/data/public folder\n" + USAGE);
        }
    }

    /** Parses {@code args}; throws IllegalArgumentException with the usage on any error. */
    static BenchmarkOptions parse(String[] args) {
        Parser parser = new Parser();
        for (int i = 0; i < args.length; i++) {
            i = parser.accept(args, i);
        }
        return parser.build();
    }

    private static void requirePositive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " " + value + " is invalid: give at least 1\n" + USAGE);
        }
    }

    private static final class Parser {
        private Path dataDir;
        private double hours = 1.0;
        private int repetitions = 3;
        private int warmup = 24;
        private double warmupSeconds = 10;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int checkEvery = 10;
        private Path python;
        private Path torchPython;
        private Path peers = Path.of("benchmarks/src/main/python/bench_peers.py");
        private BaselineBuild baseline;

        /** Consumes the option at {@code i}; returns the index of its last token. */
        int accept(String[] args, int i) {
            switch (args[i]) {
                case "--quick" -> {
                    hours = 0.1;
                    warmupSeconds = 2;
                }
                case "--data" -> dataDir = Path.of(value(args, i));
                case "--hours" -> hours = Double.parseDouble(value(args, i));
                case "--repetitions" -> repetitions = Integer.parseInt(value(args, i));
                case "--warmup" -> warmup = Integer.parseInt(value(args, i));
                case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(value(args, i));
                case "--threads" -> threads = Integer.parseInt(value(args, i));
                case "--check-every" -> checkEvery = Integer.parseInt(value(args, i));
                case "--python" -> python = Path.of(value(args, i));
                case "--torch-python" -> torchPython = Path.of(value(args, i));
                case "--peers" -> peers = Path.of(value(args, i));
                case "--baseline-build" -> baseline = baselineBuild(value(args, i));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
            return args[i].equals("--quick") ? i : i + 1;
        }

        private static String value(String[] args, int i) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
            }
            return args[i + 1];
        }

        private static BaselineBuild baselineBuild(String value) {
            int equals = value.indexOf('=');
            if (equals < 1 || equals == value.length() - 1) {
                throw new IllegalArgumentException(
                        "--baseline-build " + value + " is invalid: give LABEL=CLASSPATH\n" + USAGE);
            }
            return new BaselineBuild(
                    value.substring(0, equals),
                    Arrays.stream(value.substring(equals + 1).split(File.pathSeparator))
                            .filter(entry -> !entry.isEmpty())
                            .map(Path::of)
                            .toList());
        }

        BenchmarkOptions build() {
            if (dataDir == null) {
                throw new IllegalArgumentException("--data is required\n" + USAGE);
            }
            return new BenchmarkOptions(
                    dataDir,
                    hours * 3600,
                    repetitions,
                    warmup,
                    warmupSeconds,
                    threads,
                    checkEvery,
                    Optional.ofNullable(python),
                    Optional.ofNullable(torchPython),
                    peers,
                    Optional.ofNullable(baseline));
        }
    }
}
