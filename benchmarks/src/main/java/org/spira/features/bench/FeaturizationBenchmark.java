package org.spira.features.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.spira.features.PreparedRecording;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.dsp.FeatureSpec;

/**
 * Featurization benchmark: how fast this project turns real WAV recordings into SPIRA's MFCC
 * windows, against named baselines measured on the same machine in the same run.
 *
 * <p>Workload: every recording listed in the shared public metadata.csv, read into memory
 * first, cycled until a timed pass holds at least one hour of audio ({@code --quick}: 0.1 h).
 * Rows, all end to end from WAV bytes to 4 s windows of 401 frames x 40 coefficients unless
 * said otherwise: this project on one thread and on all cores (frames shared between
 * overlapping windows), this project's per-window reference path, TarsosDSP's MFCC, two
 * FFT-only reference rows (JTransforms FFTs only, not end to end), and, on one thread each, run by
 * {@code bench_peers.py}: PyTorch 2.x with torchaudio's MFCC per window and with one STFT per
 * recording (a speed bound), Debian's torchaudio, and librosa, all with SPIRA's parameters.
 *
 * <p>Before timing, the fast path is checked against the per-window path ({@link
 * FastPathCheck}); a mismatch aborts the run. Each Python peer's windows of one recording are
 * compared with this project's ({@link PeerParity}); a peer other than the STFT bound outside the
 * parity tests' tolerance fails the run. Each row gets untimed warm-up passes for a few
 * seconds, then the fastest of N timed passes is reported; the Java rows' passes are
 * interleaved ({@link Stopwatch}).
 *
 * <p>Run it with {@code bin/bench-features}. Exit codes: 0 success, 2 usage error, 1 failure
 * (including a Python peer that failed; the table is still printed).
 */
public final class FeaturizationBenchmark {
    static final String FFT_SHARED = "FFT only, shared-frame count";
    static final String FFT_PER_WINDOW = "FFT only, 401 per window";
    static final String PYTORCH_WINDOW = "PyTorch MFCC, per window";
    static final String PYTORCH_STFT = "PyTorch, STFT per recording";
    static final String TORCHAUDIO = "torchaudio MFCC";
    static final String LIBROSA = "librosa MFCC";

    /** A row of {@code bench_peers.py}: its {@code --impl} and the row's name. */
    private record Peer(String impl, String row) {}

    private static final List<ReportTable.Baseline> PEERS = List.of(
            new ReportTable.Baseline(PYTORCH_STFT, "vs PyTorch STFT"),
            new ReportTable.Baseline(TORCHAUDIO, "vs torchaudio"),
            new ReportTable.Baseline(LIBROSA, "vs librosa"),
            new ReportTable.Baseline(TarsosTarget.NAME, "vs TarsosDSP"));

    private final BenchmarkOptions options;
    private final FeatureSpec spec;
    private final PrintStream out;
    private final List<String> notes = new ArrayList<>();
    private boolean failed;

    FeaturizationBenchmark(BenchmarkOptions options, FeatureSpec spec, PrintStream out) {
        this.options = options;
        this.spec = spec;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(BenchmarkOptions.USAGE);
            return;
        }
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("FeaturizationBenchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new FeaturizationBenchmark(options, FeatureSpec.spira(), System.out).run());
    }

    /** Runs every row and prints the report; returns the exit code. */
    int run() throws Exception {
        Progress.log("loading " + options.dataDir().resolve("metadata.csv"));
        List<CorpusFile> corpus = BenchmarkCorpus.load(options.dataDir());
        Workload workload = Workload.cycle(corpus, options.targetSeconds());
        printHeader(corpus, workload);
        checkFastPath(corpus);
        List<Measurement> rows = new ArrayList<>(measureJava(corpus, workload));
        rows.addAll(measurePeers(workload));
        printReport(rows);
        return failed ? 1 : 0;
    }

    private void printHeader(List<CorpusFile> corpus, Workload workload) {
        out.println("SPIRA Pipeline featurization benchmark");
        MachineInfo.describe().forEach(out::println);
        out.printf(
                Locale.ROOT,
                "corpus:  %d recordings, %.0f s of audio (%s)%n",
                corpus.size(),
                corpus.stream().mapToDouble(CorpusFile::seconds).sum(),
                options.dataDir().resolve("metadata.csv"));
        out.printf(
                Locale.ROOT,
                "pass:    %d recordings (%d distinct), %.0f s = %.2f h of audio%nspec:    %s%n",
                workload.size(),
                workload.distinctFiles(),
                workload.audioSeconds(),
                workload.audioSeconds() / 3600,
                spec.toJson());
        out.printf(
                Locale.ROOT,
                "method:  files preloaded; per row, untimed warm-up passes over the first %d recordings for"
                        + " %.0f s, then the fastest (minimum wall time) of %d timed passes; Java rows are timed"
                        + " in interleaved rounds%n",
                options.warmupItems(),
                options.warmupSeconds(),
                options.repetitions());
    }

    private void checkFastPath(List<CorpusFile> corpus) {
        List<CorpusFile> sample = IntStream.range(0, corpus.size())
                .filter(i -> i % options.checkEvery() == 0)
                .mapToObj(corpus::get)
                .toList();
        Progress.log("checking the fast path against the per-window path on " + sample.size() + " recordings");
        out.println("check:   " + new FastPathCheck(spec).verify(sample).describe());
    }

    private List<Measurement> measureJava(List<CorpusFile> corpus, Workload workload) throws Exception {
        Map<String, double[]> waveforms = preparedWaveforms(corpus);
        notes.add(frameNote(workload, waveforms));
        List<BenchTarget> targets = new ArrayList<>(List.of(
                new FastPathTarget(spec),
                new ParallelFastPathTarget(spec, options.threads()),
                new PerWindowTarget(spec),
                new TarsosTarget(spec),
                new FftBoundTarget(FFT_SHARED, spec, waveforms, FrameCount::shared),
                new FftBoundTarget(FFT_PER_WINDOW, spec, waveforms, FrameCount::perWindow)));
        Optional<RevisionTarget> revision =
                options.baseline().map(build -> new RevisionTarget(build.label(), build.classpath(), spec));
        revision.ifPresent(target -> {
            targets.add(1, target);
            notes.add(target.name() + ": the shared-frame path as built at that revision, in its own class loader"
                    + " in this JVM, timed in the same interleaved rounds as the current code");
        });
        Progress.log("warming up and timing " + targets.size() + " Java rows, interleaved");
        Stopwatch stopwatch = new Stopwatch(options.repetitions(), options.warmupItems(), options.warmupSeconds());
        try {
            List<Measurement> rows = stopwatch.measure(targets, workload).stream()
                    .map(this::withFftBound)
                    .toList();
            notes.add(String.format(Locale.ROOT, "output checksum over all Java passes: %.6g", stopwatch.checksum()));
            return rows;
        } finally {
            if (revision.isPresent()) {
                revision.get().close();
            }
        }
    }

    /** The columns of ratios: the peers, then the baseline build when one was given. */
    private List<ReportTable.Baseline> baselines() {
        List<ReportTable.Baseline> baselines = new ArrayList<>(PEERS);
        options.baseline()
                .map(BenchmarkOptions.BaselineBuild::label)
                .ifPresent(
                        label -> baselines.add(new ReportTable.Baseline(RevisionTarget.rowName(label), "vs " + label)));
        return baselines;
    }

    /** This project's rows are compared with the FFT-only row of the same frame count. */
    private Measurement withFftBound(Measurement row) {
        return switch (row.name()) {
            case FastPathTarget.NAME -> row.withFftBound(FFT_SHARED);
            case PerWindowTarget.NAME -> row.withFftBound(FFT_PER_WINDOW);
            default -> row;
        };
    }

    /** 16 kHz waveform of every corpus file, for the FFT-only rows (empty when too short). */
    private Map<String, double[]> preparedWaveforms(List<CorpusFile> corpus) {
        RecordingFeaturizer featurizer = new RecordingFeaturizer(spec);
        Map<String, double[]> waveforms = new HashMap<>();
        for (CorpusFile file : corpus) {
            PreparedRecording prepared = ProjectFeaturization.prepareOrNull(featurizer, file);
            float[] samples = prepared == null ? new float[0] : prepared.samples();
            waveforms.put(
                    file.path(),
                    IntStream.range(0, samples.length)
                            .mapToDouble(i -> samples[i])
                            .toArray());
        }
        return waveforms;
    }

    private List<Measurement> measurePeers(Workload workload) {
        List<Measurement> rows = new ArrayList<>();
        measurePeers(
                options.torchPython(),
                "PyTorch rows skipped: no --torch-python given (bin/bench-features gives .tools/torch-venv)",
                List.of(new Peer("pytorch-window", PYTORCH_WINDOW), new Peer("pytorch-stft", PYTORCH_STFT)),
                workload,
                rows);
        measurePeers(
                options.python(),
                "torchaudio and librosa rows skipped: no --python given",
                List.of(new Peer("torchaudio", TORCHAUDIO), new Peer("librosa", LIBROSA)),
                workload,
                rows);
        return rows;
    }

    private void measurePeers(
            Optional<Path> python, String skipped, List<Peer> peers, Workload workload, List<Measurement> rows) {
        if (python.isEmpty()) {
            notes.add(skipped);
            Progress.log(skipped);
            return;
        }
        peers.forEach(peer -> measurePeer(python.get(), peer, workload, rows));
    }

    private void measurePeer(Path python, Peer peer, Workload workload, List<Measurement> rows) {
        Progress.log("measuring " + peer.row() + " (" + python + " " + options.peersScript() + ")");
        try {
            PythonPeer.Outcome outcome =
                    new PythonPeer(python, options.peersScript(), options, spec).run(peer.impl(), peer.row(), workload);
            rows.add(outcome.measurement());
            outcome.notes().forEach(note -> notes.add("python " + note));
            checkParity(peer.row(), outcome.parity());
        } catch (Exception e) {
            failed = true;
            notes.add("FAILED " + peer.row() + ": " + e.getMessage());
            Progress.log("FAILED " + peer.row() + ": " + e);
        }
    }

    /** Every peer computes SPIRA's MFCC, but for the STFT bound, which differs at window edges by design. */
    private void checkParity(String row, PeerParity parity) {
        boolean bound = row.equals(PYTORCH_STFT);
        String verdict =
                bound ? " (a speed bound: differs at window edges)" : parity.withinTolerance() ? "" : " FAILED";
        notes.add("parity " + row + ": " + parity.describe() + verdict);
        if (!bound && !parity.withinTolerance()) {
            failed = true;
        }
    }

    private void printReport(List<Measurement> rows) {
        ReportTable table = new ReportTable(rows, baselines());
        out.println();
        table.render().forEach(out::println);
        out.println();
        speedUp(rows).ifPresent(out::println);
        out.println(windowNote(table.windowCounts()));
        ReportNotes.legend(options.threads()).forEach(out::println);
        notes.forEach(note -> out.println("note:    " + note));
    }

    private static Optional<String> speedUp(List<Measurement> rows) {
        List<Measurement> fast = rows.stream()
                .filter(row -> row.name().equals(FastPathTarget.NAME))
                .toList();
        if (fast.size() < 2) {
            return Optional.empty();
        }
        double speedUp = fast.get(0).wallSeconds() / fast.get(1).wallSeconds();
        return Optional.of(String.format(
                Locale.ROOT,
                "scaling: %d threads vs 1 thread: wall-clock speed-up %.2fx (parallel efficiency %.0f %%)",
                fast.get(1).threads(),
                speedUp,
                100 * speedUp / fast.get(1).threads()));
    }

    private String frameNote(Workload workload, Map<String, double[]> waveforms) {
        long shared = 0;
        long perWindow = 0;
        for (CorpusFile file : workload.items()) {
            int samples = waveforms.get(file.path()).length;
            shared += FrameCount.shared(spec, samples);
            perWindow += FrameCount.perWindow(spec, samples);
        }
        return String.format(
                Locale.ROOT,
                "%d FFTs of %d points per pass with shared frames, %d with 401 per window (%.2fx fewer)",
                shared,
                spec.nFft(),
                perWindow,
                perWindow / (double) Math.max(shared, 1));
    }

    private String windowNote(List<Long> counts) {
        if (counts.size() == 1) {
            return "windows: every row cut the same " + counts.get(0) + " windows";
        }
        failed = true;
        return "windows: MISMATCH between rows " + counts + ": the rows did not do the same work";
    }
}
