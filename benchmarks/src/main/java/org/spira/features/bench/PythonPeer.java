package org.spira.features.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.spira.features.dsp.FeatureSpec;

/**
 * Runs {@code bench_peers.py} for one of its implementations (torchaudio, librosa, the PyTorch
 * rows) as a subprocess over the same workload, one thread (OMP, MKL, OpenBLAS and Numba limited
 * to 1), and parses its {@code peer-result} line. The subprocess does its own preloading, warm-up
 * and best-of-N, so its timings exclude interpreter start-up and imports. Before timing, it
 * writes the windows of the workload's first recording with windows, which are compared with
 * this project's ({@link PeerParity}).
 */
final class PythonPeer {
    private static final List<String> THREAD_VARIABLES =
            List.of("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMBA_NUM_THREADS");

    private final Path python;
    private final Path script;
    private final BenchmarkOptions options;
    private final FeatureSpec spec;

    PythonPeer(Path python, Path script, BenchmarkOptions options, FeatureSpec spec) {
        this.python = python;
        this.script = script;
        this.options = options;
        this.spec = spec;
    }

    /**
     * What one peer reported.
     *
     * @param measurement its best timed pass
     * @param parity its MFCC against this project's
     * @param notes its library versions
     */
    record Outcome(Measurement measurement, PeerParity parity, List<String> notes) {}

    /** Runs implementation {@code impl} of {@code bench_peers.py} over {@code workload}. */
    Outcome run(String impl, String rowName, Workload workload) throws IOException, InterruptedException {
        Path listing = Files.createTempFile("spira-bench-workload", ".txt");
        Path dump = Files.createTempFile("spira-bench-windows", ".f32");
        try {
            Files.write(listing, workload.items().stream().map(CorpusFile::path).toList(), StandardCharsets.UTF_8);
            return parse(impl, rowName, execute(command(impl, listing, dump)), workload, dump);
        } finally {
            Files.deleteIfExists(listing);
            Files.deleteIfExists(dump);
        }
    }

    private List<String> command(String impl, Path listing, Path dump) {
        return List.of(
                python.toString(),
                script.toString(),
                "--impl",
                impl,
                "--root",
                options.dataDir().toString(),
                "--list",
                listing.toString(),
                "--repetitions",
                Integer.toString(options.repetitions()),
                "--warmup",
                Integer.toString(options.warmupItems()),
                "--warmup-seconds",
                Double.toString(options.warmupSeconds()),
                "--dump",
                dump.toString());
    }

    private static List<String> execute(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        THREAD_VARIABLES.forEach(variable -> builder.environment().put(variable, "1"));
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + exit + "; its stderr is above");
        }
        return lines;
    }

    private Outcome parse(String impl, String rowName, List<String> lines, Workload workload, Path dump)
            throws IOException {
        List<String> notes = new ArrayList<>();
        Measurement measurement = null;
        PeerParity parity = null;
        for (String line : lines) {
            if (line.startsWith("peer-result ")) {
                measurement = measurement(rowName, fields(line));
            } else if (line.startsWith("peer-dump ")) {
                parity = parity(fields(line), workload, dump);
            } else if (line.startsWith("peer-info ")) {
                notes.add(line.substring(line.indexOf(' ') + 1));
            }
        }
        if (measurement == null || parity == null) {
            throw new IOException(
                    "bench_peers.py --impl " + impl + " printed no peer-result or no peer-dump line: " + lines);
        }
        return new Outcome(measurement, parity, notes);
    }

    private PeerParity parity(Map<String, String> fields, Workload workload, Path dump) throws IOException {
        String recording = fields.get("recording");
        CorpusFile file = workload.items().stream()
                .filter(item -> item.path().equals(recording))
                .findFirst()
                .orElseThrow(() -> new IOException("bench_peers.py dumped " + recording + ", not in the workload"));
        return PeerParity.compare(spec, file, Integer.parseInt(fields.get("windows")), dump);
    }

    private static Measurement measurement(String rowName, Map<String, String> fields) {
        return new Measurement(
                rowName,
                Double.parseDouble(fields.get("audio_s")),
                Long.parseLong(fields.get("windows")),
                Double.parseDouble(fields.get("wall_s")),
                Double.parseDouble(fields.get("cpu_s")),
                Integer.parseInt(fields.get("threads")),
                Optional.empty());
    }

    /** {@code kind key=value key=value ...} to a map; values contain no spaces. */
    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new HashMap<>();
        for (String token : line.split(" ")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                fields.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return fields;
    }
}
