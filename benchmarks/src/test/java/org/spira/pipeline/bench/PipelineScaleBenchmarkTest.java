package org.spira.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.testing.SharedData;
import org.spira.pipeline.bench.PipelineScaleBenchmark.Mode;

/**
 * {@code bin/bench-pipeline}'s program, small, so that it never rots: 0.05 h on local[2] only,
 * the corpus and then the empty increment, each stage a real {@code bin/submit} against MinIO.
 * It checks the report's rows and tables and the accounting of every generated file (the program
 * stops when a file is missing from the stages' summaries), never the speed. Needs the services'
 * environment (bin/test provides it; CI has it, and there the test fails instead of skipping)
 * and spark-jobs/target/spira-pipeline.jar (built before this module in the same reactor).
 */
class PipelineScaleBenchmarkTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    void smallRunReportsEveryStageAndAccountsForEveryFile() throws Exception {
        requireServices();
        ByteArrayOutputStream report = new ByteArrayOutputStream();

        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("SPIRA_SPARK_OPTS", "--conf spark.ui.enabled=false"); // seven applications: no web UI
        String python = System.getProperty("spira.python", "");
        assertTrue(!python.isBlank(), "-Dspira.python: the analyst notebook's interpreter (bin/test sets it)");
        new PipelineScaleBenchmark(ROOT, SharedData.root(), work, environment, Path.of(python))
                .run(0.05, List.of(Mode.LOCAL_2), false, new PrintStream(report, true, StandardCharsets.UTF_8));

        String text = report.toString(StandardCharsets.UTF_8);
        for (String stage : List.of("ingest", "featurize", "split")) {
            for (String increment : List.of("corpus", "empty")) {
                Pattern row = Pattern.compile("local\\[2] +" + stage + " +" + increment + " +2 +[0-9.]+ +[0-9.]+ .*");
                assertEquals(1, count(text, row), "the row of " + stage + ", " + increment + " in:\n" + text);
                Pattern bytes = Pattern.compile("local\\[2] +" + stage + " +" + increment + "( +-?[0-9]+\\.[0-9])+");
                assertEquals(1, count(text, bytes), "the bytes of " + stage + ", " + increment + " in:\n" + text);
            }
            Pattern fixedCost = Pattern.compile("local\\[2] +" + stage + "( +-?[0-9.]+| +no job| +-){6}");
            assertEquals(1, count(text, fixedCost), "fixed cost of " + stage + " in:\n" + text);
            Pattern target =
                    Pattern.compile(" +fixed cost <= 15 s, " + stage + ", local\\[2] +[0-9.]+ s +(met|MISSED)");
            assertEquals(1, count(text, target), "target of " + stage + " in:\n" + text);
        }
        for (String target : List.of(
                "featurize >= 50 % of the DSP core per core, local[2]", "ingest >= 3x featurize's audio-h/core-h")) {
            assertTrue(text.contains(target), target + " in:\n" + text);
        }
        Pattern accounting = Pattern.compile("accounting, local\\[2]: ([0-9]+) files generated = ([0-9]+) recordings"
                + " \\+ ([0-9]+) rejected by ingest \\(0 duplicates\\); \\2 recordings = ([0-9]+) featurized"
                + " \\+ ([0-9]+) rejected by featurize");
        assertEquals(1, count(text, accounting), text);
        assertTrue(text.contains("DSP core (RecordingFeaturizer prepare + clean"), text);
        Pattern maintenance = Pattern.compile("maintenance, local\\[2]: maintain [0-9.]+ s; data files( [a-z_]+"
                + " [0-9]+->[0-9]+)+; analyst notebook [0-9.]+ s before, [0-9.]+ s after");
        assertEquals(1, count(text, maintenance), text);
        assertTrue(text.contains("features "), "the features table is maintained: " + text);
        try (Stream<Path> runs = Files.list(work.resolve("logs"))) {
            assertEquals(9, runs.count(), "six stage runs, maintain, the notebook before and after it");
        }
    }

    @Test
    void badArgumentsFailFastNamingTheFix() {
        assertEquals(
                "HOURS must be a positive number of hours, got '0'",
                assertThrows(IllegalArgumentException.class, () -> PipelineScaleBenchmark.hours("0"))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PipelineScaleBenchmark.hours("ten"))
                .getMessage()
                .contains("'ten'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PipelineScaleBenchmark.modes("local[4]"))
                .getMessage()
                .contains("local[1], local[2] or cluster"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PipelineScaleBenchmark.modes("local[2],local[2]"))
                .getMessage()
                .contains("twice"));
        assertEquals(List.of(Mode.LOCAL_1, Mode.CLUSTER), PipelineScaleBenchmark.modes("local[1], cluster"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> PipelineScaleBenchmark.requireEnvironment(Map.of(), List.of(Mode.CLUSTER)))
                .getMessage()
                .contains("SPARK_MASTER_URL"));
    }

    /** Skips without the services' environment, except in CI (CI=true), which has them: there it fails. */
    private static void requireServices() {
        String missing = "";
        try {
            PipelineScaleBenchmark.requireEnvironment(System.getenv(), List.of(Mode.LOCAL_2));
        } catch (IllegalArgumentException e) {
            missing = e.getMessage();
        }
        if (!Files.isRegularFile(ROOT.resolve("spark-jobs/target/spira-pipeline.jar"))) {
            missing += " spark-jobs/target/spira-pipeline.jar is missing: mvn -pl spark-jobs -am package";
        }
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(missing.isEmpty(), missing);
        }
        assumeTrue(missing.isEmpty(), missing);
    }

    private static long count(String text, Pattern pattern) {
        return text.lines().filter(line -> pattern.matcher(line).matches()).count();
    }
}
