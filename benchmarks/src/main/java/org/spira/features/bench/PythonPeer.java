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

/**
 * Runs {@code bench_peers.py} for one Python library (torchaudio or librosa) as a subprocess
 * over the same workload, one thread (OMP, MKL, OpenBLAS and Numba limited to 1), and parses
 * its {@code peer-result} line. The subprocess does its own preloading, warm-up and best-of-N,
 * so its timings exclude interpreter start-up and imports.
 */
final class PythonPeer {
    private static final List<String> THREAD_VARIABLES =
            List.of("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMBA_NUM_THREADS");

    private final Path python;
    private final Path script;
    private final BenchmarkOptions options;

    PythonPeer(Path python, Path script, BenchmarkOptions options) {
        this.python = python;
        this.script = script;
        this.options = options;
    }

    /**
     * What one peer reported.
     *
     * @param measurement its best timed pass
     * @param notes its library versions and, for librosa, its agreement with torchaudio
     */
    record Outcome(Measurement measurement, List<String> notes) {}

    /** Runs library {@code impl} ("torchaudio" or "librosa") over {@code workload}. */
    Outcome run(String impl, String rowName, Workload workload) throws IOException, InterruptedException {
        Path listing = Files.createTempFile("spira-bench-workload", ".txt");
        try {
            Files.write(listing, workload.items().stream().map(CorpusFile::path).toList(), StandardCharsets.UTF_8);
            return parse(impl, rowName, execute(command(impl, listing)));
        } finally {
            Files.deleteIfExists(listing);
        }
    }

    private List<String> command(String impl, Path listing) {
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
                "--check");
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

    private static Outcome parse(String impl, String rowName, List<String> lines) throws IOException {
        List<String> notes = new ArrayList<>();
        Measurement measurement = null;
        for (String line : lines) {
            if (line.startsWith("peer-result ")) {
                measurement = measurement(rowName, fields(line));
            } else if (line.startsWith("peer-info ") || line.startsWith("peer-check ")) {
                notes.add(line.substring(line.indexOf(' ') + 1));
            }
        }
        if (measurement == null) {
            throw new IOException("bench_peers.py --impl " + impl + " printed no peer-result line: " + lines);
        }
        return new Outcome(measurement, notes);
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
