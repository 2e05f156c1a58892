package org.spira.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Usage and configuration errors exit 2 before any Spark session starts. */
class PipelineCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = PipelineCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private String lastLine() {
        List<String> lines = out.toString().lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void anUnknownStageOrMissingOptionIsAUsageError() {
        assertEquals(2, run("transmogrify"));
        assertEquals(2, run("ingest", "--warehouse", "file:///tmp/w"));
    }

    @Test
    void anUnknownConfigurationKeyExitsTwoWithAJsonSummary() {
        assertEquals(
                2,
                run(
                        "ingest",
                        "--warehouse",
                        "file:///tmp/w",
                        "--manifest",
                        "file:///tmp/m.csv",
                        "--set",
                        "spira.ingest.typo=1"));
        assertTrue(err.toString().contains("spira.ingest.typo"), err.toString());
        assertTrue(
                lastLine().startsWith("{\"stage\":\"ingest\",\"status\":\"config_error\",\"exit_code\":2"), lastLine());
    }

    @Test
    void anS3aWarehouseWithoutS3aSettingsExitsTwoBeforeSparkStarts() {
        // No --properties-file: no spark.hadoop.fs.s3a.endpoint in this JVM's Spark configuration.
        assertEquals(2, run("split", "--warehouse", "s3a://spira-warehouse/w"));
        assertTrue(err.toString().contains("spark.hadoop.fs.s3a.endpoint"), err.toString());
        assertTrue(lastLine().contains("\"status\":\"config_error\""), lastLine());
    }

    @Test
    void evaluateWithoutANoiseCorpusExitsTwoBeforeConnectingAnything() {
        assertEquals(2, run("evaluate", "--warehouse", "file:///tmp/w", "--model-version", "1"));
        assertTrue(
                lastLine()
                        .startsWith("{\"stage\":\"evaluate\",\"status\":\"config_error\",\"exit_code\":2,"
                                + "\"error\":\"spira.evaluate.noise-corpus"),
                lastLine());
    }

    @Test
    void anS3aLineageOutputWithoutS3aSettingsExitsTwo() {
        assertEquals(
                2,
                run(
                        "lineage",
                        "--warehouse",
                        "file:///tmp/w",
                        "--alias",
                        "champion",
                        "--output",
                        "s3a://spira-warehouse/audio.csv"));
        assertTrue(err.toString().contains("s3a://spira-warehouse/audio.csv needs an S3 endpoint"), err.toString());
        assertTrue(lastLine().startsWith("{\"stage\":\"lineage\",\"status\":\"config_error\""), lastLine());
    }

    @Test
    void lineageNeedsExactlyOneOfVersionAndAlias() {
        assertEquals(2, run("lineage", "--warehouse", "file:///tmp/w"));
        assertEquals(2, run("lineage", "--warehouse", "file:///tmp/w", "--model-version", "3", "--alias", "champion"));
    }

    @Test
    void anInvalidTrainingSettingExitsTwoNamingTheKey() {
        assertEquals(2, run("train", "--warehouse", "file:///tmp/w", "--set", "spira.train.architecture=v9"));
        assertTrue(err.toString().contains("spira.train.architecture"), err.toString());
        assertTrue(lastLine().startsWith("{\"stage\":\"train\",\"status\":\"config_error\""), lastLine());
    }
}
