package org.spira.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training benchmark's smoke run, so that it never rots: {@code bin/bench-train}'s program on
 * 15 recordings (2 minibatches, one warm-up pass over them, then the timed one), one repetition,
 * with the PyTorch peer in the equivalence tests' interpreter (Debian's torch). It checks the
 * report's structure, every row present with a positive rate and the ratio column consistent with
 * the rates, never the speed.
 */
class TrainingBenchmarkTest {
    private static final Pattern ROW = Pattern.compile("^(.+?)\\s{2,}(\\d+\\.\\d\\d)\\s+(\\d+\\.\\d\\d)x$");

    @TempDir
    Path exchange;

    @Test
    void smokeRunPrintsEveryRowWithItsRatio() throws Exception {
        String python = System.getProperty("spira.torch.python");
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        new TrainingBenchmark(
                        TrainingBenchmark.options(
                                "--recordings",
                                "15",
                                "--warmup-epochs",
                                "1",
                                "--repetitions",
                                "1",
                                "--torch",
                                python,
                                "--script",
                                "src/main/python/spira_conv_bench.py"),
                        exchange)
                .run(new PrintStream(report, true, StandardCharsets.UTF_8));
        String text = report.toString(StandardCharsets.UTF_8);

        List<String> rows =
                text.lines().filter(line -> ROW.matcher(line).matches()).toList();
        assertEquals(4, rows.size(), "four rows (2 Deeplearning4j, 2 PyTorch) in:\n" + text);
        double anchorOneThread = 0;
        for (String row : rows) {
            Matcher m = ROW.matcher(row);
            assertTrue(m.matches());
            double rate = Double.parseDouble(m.group(2));
            assertTrue(rate > 0, row);
            if (m.group(1).startsWith("PyTorch") && m.group(1).endsWith(", 1 thread")) {
                anchorOneThread = rate;
                assertEquals("1.00", m.group(3), "the anchor's own ratio: " + row);
            }
        }
        Matcher oneWorker = ROW.matcher(rows.get(0));
        assertTrue(oneWorker.matches() && oneWorker.group(1).startsWith("Deeplearning4j, 1 worker"), rows.get(0));
        assertEquals(
                Double.parseDouble(oneWorker.group(2)) / anchorOneThread,
                Double.parseDouble(oneWorker.group(3)),
                0.01,
                "ratio of the 1-worker row: " + rows.get(0));
        assertTrue(text.contains("2 workers / 1 worker: "), text);
    }
}
