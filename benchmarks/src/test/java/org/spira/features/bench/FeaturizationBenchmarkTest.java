package org.spira.features.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.testing.SharedData;

/**
 * The featurization benchmark's smoke run, so that it never rots: {@code bin/bench-features}'s
 * program on 20 s of shared audio per pass, one timed pass, no warm-up time. The two PyTorch rows
 * run on the equivalence tests' interpreter ({@code spira.torch.python}, Debian's torch 1.13 and
 * torchaudio 0.13): the same code as PyTorch 2.x runs in {@code bin/bench-features}, without its
 * 5 GB virtualenv; the torchaudio and librosa rows are skipped (their virtualenv is the benchmark
 * script's). It checks that the fast path agrees with the per-window path, that the per-window
 * PyTorch row computes this project's MFCC within the parity tolerance, that the report has every
 * row and that all rows cut the same windows, never the speed.
 */
class FeaturizationBenchmarkTest {
    @Test
    void smokeRunChecksTheFastPathAndReportsEveryJavaRow() throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[] {
            "--data", SharedData.root().resolve("public").toString(),
            "--hours", "0.0056",
            "--repetitions", "1",
            "--warmup", "2",
            "--warmup-seconds", "0",
            "--check-every", "50",
            "--torch-python", System.getProperty("spira.torch.python"),
            "--peers", "src/main/python/bench_peers.py"
        });
        ByteArrayOutputStream report = new ByteArrayOutputStream();

        int exit = new FeaturizationBenchmark(
                        options, FeatureSpec.spira(), new PrintStream(report, true, StandardCharsets.UTF_8))
                .run();

        String text = report.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, text);
        // The check throws when the fast path departs from the per-window path; it printed its line.
        assertTrue(text.lines().anyMatch(l -> l.startsWith("check:   fast path = per-window path")), text);
        for (String row : new String[] {
            "SPIRA Pipeline, shared frames          1",
            "SPIRA Pipeline, shared frames          2",
            "SPIRA Pipeline, per window",
            "TarsosDSP",
            "FFT only, shared-frame count",
            "FFT only, 401 per window",
            FeaturizationBenchmark.PYTORCH_WINDOW,
            FeaturizationBenchmark.PYTORCH_STFT
        }) {
            assertTrue(text.lines().anyMatch(l -> l.startsWith(row)), "row " + row + " missing in:\n" + text);
        }
        assertTrue(text.contains("windows: every row cut the same"), text);
        // A peer outside the parity tolerance makes the exit code 1 (checked above); its note is printed.
        assertTrue(text.contains("parity " + FeaturizationBenchmark.PYTORCH_WINDOW + ": vs this project's MFCC"), text);
        assertTrue(text.contains("torchaudio and librosa rows skipped: no --python given"), text);
    }
}
