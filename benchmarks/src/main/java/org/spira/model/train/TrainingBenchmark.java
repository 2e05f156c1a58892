package org.spira.model.train;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.util.ArrayUtil;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.spira.features.npy.Npy;
import org.spira.model.ModelSpec;
import org.spira.model.SpiraConvNet;
import org.spira.model.train.RealWindows.Recording;

/**
 * Training-throughput benchmark: windows per second of SpiraConvV2 (paper setting, T = 401,
 * dropout 0.7, Adam with weight decay on the Noam schedule) trained with Deeplearning4j through
 * the trainer's {@link ParallelEpochFit} (1 worker on 1 native thread, and 2 ParallelWrapper
 * workers on 1 thread each, averaging every round), against the PyTorch reference ({@code
 * spira_conv_bench.py}, 1 and 2 torch threads) in PyTorch 2.x from PyPI ({@code --torch}) and,
 * if given, Debian's PyTorch 1.13 ({@code --python}), on the same minibatches of real MFCC windows
 * (5 recordings' windows each) in the same order, on this machine, in one run.
 *
 * <p>Each row measures steady-state training, as in a training of many epochs: a fresh model
 * trains {@code --warmup-epochs} untimed passes over all the minibatches (so that buffers,
 * workspaces and worker threads reach their working size), then one timed pass over the same
 * minibatches. Rows run in interleaved rounds ({@code --repetitions}); the fastest is reported.
 * Run it with {@code bin/bench-train}; usage: {@code --torch PATH --script PATH [--python PATH]
 * [--recordings N] [--warmup-epochs N] [--repetitions N]}, the shared data through {@code
 * -Dspira.shared.data}. {@code --recordings 10 --warmup-epochs 1 --repetitions 1} is the smoke run
 * CI keeps ({@code TrainingBenchmarkTest}).
 */
public final class TrainingBenchmark {
    private static final long SEED = 42;
    private static final int RECORDINGS_PER_BATCH = 5;
    private static final String ONE_WORKER = "Deeplearning4j, 1 worker (1 thread)";
    private static final String TWO_WORKERS = "Deeplearning4j, 2 workers (1 thread each)";

    /** The anchor's name, "PyTorch" and the version its interpreter reported. */
    private String anchor;

    private final Map<String, String> options;
    private final Path exchange;
    private final List<DataSet> batches = new ArrayList<>();
    private EpochPlan timedPlan;
    private InMemoryWindowSource source;

    TrainingBenchmark(Map<String, String> options, Path exchange) {
        this.options = options;
        this.exchange = exchange;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path exchange = Files.createTempDirectory("spira-bench-train-");
        new TrainingBenchmark(options, exchange).run(System.out);
    }

    /** The defaults, overridden by {@code args} ({@code --name value} pairs); exits on an unknown name. */
    static Map<String, String> options(String... args) {
        Map<String, String> options = new LinkedHashMap<>(Map.of(
                "--recordings",
                "40",
                "--warmup-epochs",
                "10",
                "--repetitions",
                "2",
                "--python",
                "",
                "--torch",
                "",
                "--script",
                ""));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException(
                        "TrainingBenchmark: unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private int number(String option) {
        return Integer.parseInt(options.get(option));
    }

    /** Runs the rows and prints the report to {@code out}. */
    void run(PrintStream out) throws IOException, InterruptedException {
        out.printf(Locale.ROOT, "load average at start: %.2f%n", loadAverage());
        prepare(out);
        Map<String, Double> best = new LinkedHashMap<>();
        for (int r = 0; r < number("--repetitions"); r++) {
            record(best, ONE_WORKER, dl4j(1));
            record(best, TWO_WORKERS, dl4j(2));
            for (int threads = 1; threads <= 2; threads++) {
                anchor = torch(best, options.get("--torch"), threads);
                if (!options.get("--python").isEmpty()) {
                    torch(best, options.get("--python"), threads);
                }
            }
        }
        printTable(out, best);
        out.printf(Locale.ROOT, "load average at end: %.2f%n", loadAverage());
    }

    private static void record(Map<String, Double> best, String row, double windowsPerSecond) {
        System.err.printf(Locale.ROOT, "%s: %.2f windows/s%n", row, windowsPerSecond);
        best.merge(row, windowsPerSecond, Math::max);
    }

    private static String torchRow(String torch, int threads) {
        return torch + ", " + threads + (threads == 1 ? " thread" : " threads");
    }

    /** Featurizes the recordings, plans the minibatches and writes them for the PyTorch peer. */
    void prepare(PrintStream out) throws IOException {
        // The shared data has few short respiratory recordings: controls fill the rest.
        List<Recording> patients = RealWindows.shortRecordings(null, 1, number("--recordings") / 2);
        List<Recording> recordings =
                new ArrayList<>(RealWindows.shortRecordings(null, 0, number("--recordings") - patients.size()));
        recordings.addAll(patients);
        List<TrainingWindow> windows = new ArrayList<>();
        recordings.forEach(r -> windows.addAll(RealWindows.withVariants(r, 0)));
        source = new InMemoryWindowSource(windows);
        EpochPlan plan = EpochPlan.of(SEED, 0, source.index(), RECORDINGS_PER_BATCH);
        // An even number of minibatches: two workers then always train full rounds.
        int timed = plan.size() / 2 * 2;
        if (timed < 2) {
            throw new IllegalArgumentException("--recordings " + number("--recordings") + " gives " + plan.size()
                    + " minibatch of " + RECORDINGS_PER_BATCH + " recordings, fewer than 2; use more recordings");
        }
        timedPlan =
                new EpochPlan(SEED, 0, RECORDINGS_PER_BATCH, plan.minibatches().subList(0, timed));
        MinibatchAssembler assembler = new MinibatchAssembler(WindowShape.SPIRA);
        for (PlannedMinibatch minibatch : timedPlan.minibatches()) {
            DataSet batch = assembler.assemble(minibatch.recordings(), source.fetch(minibatch.recordings()));
            write(batch, batches.size());
            batches.add(batch);
        }
        out.printf(
                Locale.ROOT,
                "workload: %d real recordings of 5-9 s (%d respiratory), clean windows, %d minibatches of %d"
                        + " recordings (%d windows): %d untimed warm-up pass(es), then one timed pass%n",
                source.index().size(),
                patients.size(),
                batches.size(),
                RECORDINGS_PER_BATCH,
                timedWindows(),
                number("--warmup-epochs"));
    }

    /** The minibatches {@link #prepare} assembled, in training order. */
    List<DataSet> batches() {
        return batches;
    }

    private void write(DataSet batch, int k) throws IOException {
        Npy.writeFloat32(
                exchange.resolve("batch-" + k + "-inputs.npy"),
                ArrayUtil.toInts(batch.getFeatures().shape()),
                batch.getFeatures().dup('c').data().asFloat());
        Npy.writeFloat32(
                exchange.resolve("batch-" + k + "-labels.npy"),
                ArrayUtil.toInts(batch.getLabels().shape()),
                batch.getLabels().dup('c').data().asFloat());
    }

    private int timedWindows() {
        return timedPlan.minibatches().stream()
                .mapToInt(PlannedMinibatch::windowCount)
                .sum();
    }

    /**
     * Windows per second of the timed pass through ParallelEpochFit with {@code workers}, after the
     * warm-up passes, all with the same workers, as in one training of several epochs.
     */
    private double dl4j(int workers) {
        MultiLayerNetwork model = SpiraConvNet.network(ModelSpec.paper());
        TrainerConfig config = new TrainerConfig(SEED, 1, RECORDINGS_PER_BATCH, workers, 1, 2, WindowShape.SPIRA);
        MinibatchAssembler assembler = new MinibatchAssembler(WindowShape.SPIRA);
        try (ParallelEpochFit fit = new ParallelEpochFit(config, source, 1)) {
            for (int e = 0; e < number("--warmup-epochs"); e++) {
                fit.fit(model, timedPlan, assembler);
            }
            long started = System.nanoTime();
            fit.fit(model, timedPlan, assembler);
            return timedWindows() / ((System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * Records the windows per second of the same timed minibatches in the PyTorch reference run by
     * {@code python} with {@code threads}; returns "PyTorch" and its version.
     */
    private String torch(Map<String, Double> best, String python, int threads)
            throws IOException, InterruptedException {
        List<String> command = List.of(
                python,
                options.get("--script"),
                "--dir",
                exchange.toString(),
                "--threads",
                Integer.toString(threads),
                "--warmup-epochs",
                options.get("--warmup-epochs"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the PyTorch peer " + command + " failed:\n" + output);
        }
        String[] fields = output.substring(output.lastIndexOf('\n') + 1).split(" ");
        if (Integer.parseInt(fields[1]) != timedWindows()) {
            throw new IllegalStateException(
                    "the PyTorch peer trained " + fields[1] + " windows, not " + timedWindows());
        }
        String name = "PyTorch " + fields[3].replaceAll("[+a].*", "");
        record(best, torchRow(name, threads), Integer.parseInt(fields[1]) / Double.parseDouble(fields[2]));
        return name;
    }

    private void printTable(PrintStream out, Map<String, Double> best) {
        out.printf(
                Locale.ROOT, "%n%-44s %12s %30s%n", "implementation", "windows/s", "vs " + anchor + ", same threads");
        out.println("-".repeat(88));
        best.forEach((row, rate) -> {
            int threads = row.contains("2 threads") || row.equals(TWO_WORKERS) ? 2 : 1;
            out.printf(Locale.ROOT, "%-44s %12.2f %29.2fx%n", row, rate, rate / best.get(torchRow(anchor, threads)));
        });
        out.printf(
                Locale.ROOT,
                "%n2 workers / 1 worker: %.2fx; %s 2 threads / 1 thread: %.2fx%n",
                best.get(TWO_WORKERS) / best.get(ONE_WORKER),
                anchor,
                best.get(torchRow(anchor, 2)) / best.get(torchRow(anchor, 1)));
        out.printf(
                Locale.ROOT,
                "best of %d interleaved repetitions; ND4J %s (%s); %d available processors%n",
                number("--repetitions"),
                Nd4j.getExecutioner().getClass().getSimpleName(),
                Nd4j.getExecutioner().getEnvironmentInformation().getProperty("blas.vendor", "?"),
                Runtime.getRuntime().availableProcessors());
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
