package org.spira.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.testing.SharedData;

/**
 * The featurize-job benchmark's smoke run, so that it never rots: {@code bin/bench-pipeline}'s
 * program on one shared public recording, every row of a real run without its warm-up run.
 * It checks that every featurize run wrote the windows the DSP core cuts (the program stops
 * otherwise) and that the report has every row, never the speed.
 */
class FeaturizeJobBenchmarkTest {
    @TempDir
    Path work;

    @Test
    void smokeRunReportsEveryRow() throws Exception {
        Properties spark = FeaturizeJobBenchmark.sparkDefaults(Path.of("../conf/spark-defaults.conf"));
        spark.setProperty("spark.ui.enabled", "false"); // seven sessions: no web UI to start, no port to find
        ByteArrayOutputStream report = new ByteArrayOutputStream();

        // 1 s of audio asked for: the first public recording of one window or more; no warm-up run
        new FeaturizeJobBenchmark(work, spark)
                .run(
                        SharedData.root().resolve("public"),
                        1 / 3600.0,
                        0,
                        new PrintStream(report, true, StandardCharsets.UTF_8));

        String text = report.toString(StandardCharsets.UTF_8);
        for (String row : new String[] {
            "RecordingFeaturizer alone (DSP core)    ",
            "featurize job, local[1]    ",
            "featurize job, local[2]    ",
            "featurize job, local[2], Spark/Delta default partitions ",
            "speed-up local[2] over local[1]: ",
            "split job, local[2]: "
        }) {
            assertTrue(text.lines().anyMatch(l -> l.startsWith(row)), "row " + row + " missing in:\n" + text);
        }
        Pattern windows =
                Pattern.compile("windows: every featurize run wrote the [1-9][0-9]* windows the DSP core cuts");
        assertTrue(text.lines().anyMatch(l -> windows.matcher(l).matches()), text);
    }
}
