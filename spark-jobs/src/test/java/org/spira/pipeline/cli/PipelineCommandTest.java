package org.spira.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.lease.HeldLeases;
import org.spira.pipeline.lease.Lease.Holder;
import org.spira.pipeline.lease.LeaseException;
import org.spira.pipeline.lease.TableLeases;
import picocli.CommandLine;

/**
 * Usage and configuration errors exit 2, a service that does not answer exits 1, and a table
 * another run is writing exits 4, before any Spark session starts; the leases command lists and breaks writer leases.
 */
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
    void forgetWithAnEmptyOrUnreadableSubjectsFileExitsTwoBeforeSparkStarts(@TempDir Path dir) throws Exception {
        Path key = java.nio.file.Files.writeString(dir.resolve("key"), "a-test-key-of-32-characters-long");
        Path empty = java.nio.file.Files.writeString(dir.resolve("empty.txt"), "subject_id\n\n  \n");
        String keyFile = "spira.ingest.subject-key-file=" + key;
        String warehouse = dir.resolve("w").toUri().toString();
        assertEquals(2, run("forget", "--warehouse", warehouse, "--subjects", empty.toString(), "--set", keyFile));
        assertTrue(err.toString().contains("lists no subject id"), err.toString());
        assertEquals(
                2,
                run(
                        "forget",
                        "--warehouse",
                        warehouse,
                        "--subjects",
                        dir.resolve("absent.txt").toString(),
                        "--set",
                        keyFile));
        assertTrue(err.toString().contains("cannot read the --subjects file"), err.toString());
        assertTrue(
                lastLine().startsWith("{\"stage\":\"forget\",\"status\":\"config_error\",\"exit_code\":2"), lastLine());
    }

    @Test
    void anInvalidTrainingSettingExitsTwoNamingTheKey() {
        assertEquals(2, run("train", "--warehouse", "file:///tmp/w", "--set", "spira.train.architecture=v9"));
        assertTrue(err.toString().contains("spira.train.architecture"), err.toString());
        assertTrue(lastLine().startsWith("{\"stage\":\"train\",\"status\":\"config_error\""), lastLine());
    }

    @Test
    void aStageStartedWhileTheObjectStoreIsDownExitsOneNamingItBeforeSparkStarts() throws Exception {
        String endpoint = "http://127.0.0.1:" + closedPort();
        // spark-submit passes its --conf settings to the driver as system properties, read by SparkConf
        System.setProperty("spark.hadoop.fs.s3a.endpoint", endpoint);
        try {
            assertEquals(1, run("split", "--warehouse", "s3a://spira-warehouse/w"));
        } finally {
            System.clearProperty("spark.hadoop.fs.s3a.endpoint");
        }
        assertTrue(err.toString().startsWith("failed: the object store at " + endpoint), err.toString());
        assertTrue(err.toString().contains("bin/services start minio"), err.toString());
        assertTrue(lastLine().startsWith("{\"stage\":\"split\",\"status\":\"failed\",\"exit_code\":1,"), lastLine());
    }

    @Test
    void trainStartedWhileTheTrackingServerIsDownExitsOneNamingItBeforeSparkStarts(@TempDir Path dir) throws Exception {
        String server = "http://127.0.0.1:" + closedPort();
        assertEquals(1, run("train", "--warehouse", dir.toUri().toString(), "--set", "spira.tracking.uri=" + server));
        assertTrue(
                err.toString().startsWith("failed: the MLflow tracking server at " + server + " does not answer"),
                err.toString());
        assertTrue(err.toString().contains("bin/services start mlflow"), err.toString());
        assertTrue(lastLine().startsWith("{\"stage\":\"train\",\"status\":\"failed\",\"exit_code\":1,"), lastLine());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // closed again: nothing listens there
        }
    }

    @Test
    void aStageWhoseTableAnotherRunIsWritingExitsFourBeforeSparkStarts(@TempDir Path dir) {
        String warehouse = dir.toUri().toString();
        try (TableLeases leases = TableLeases.of(
                        warehouse,
                        new Configuration(),
                        PipelineConfig.defaults().leases());
                HeldLeases other = leases.acquire(List.of("splits"), Holder.thisProcess("split"))) {
            assertEquals(4, run("split", "--warehouse", warehouse, "--set", "spira.leases.wait-seconds=0"));
        }
        assertTrue(err.toString().startsWith("busy: the table splits of " + warehouse), err.toString());
        assertTrue(
                err.toString().contains("bin/submit leases --warehouse " + warehouse + " --break splits"),
                err.toString());
        assertTrue(
                lastLine()
                        .startsWith("{\"stage\":\"split\",\"status\":\"busy\",\"exit_code\":4,"
                                + "\"error\":\"the table splits of "),
                lastLine());
    }

    @Test
    void leasesListsWhoHoldsEachTableAndBreaksALease(@TempDir Path dir) {
        String warehouse = dir.toUri().toString();
        TableLeases leases = TableLeases.of(
                warehouse, new Configuration(), PipelineConfig.defaults().leases());
        HeldLeases held = leases.acquire(List.of("splits"), Holder.thisProcess("split"));
        held.runningAs("app-20261206-0007", () -> {});

        assertEquals(0, run("leases", "--warehouse", warehouse));
        assertTrue(
                out.toString().startsWith("splits held: stage split, Spark application app-20261206-0007, host "),
                out.toString());
        assertEquals(0, run("leases", "--warehouse", warehouse, "--break", "splits"));
        assertTrue(
                lastLine().startsWith("broke the lease of splits: stage split, Spark application app-20261206-0007"),
                lastLine());
        assertEquals(0, run("leases", "--warehouse", warehouse));
        assertTrue(lastLine().startsWith("splits broken: "), lastLine());
        assertEquals(0, run("leases", "--warehouse", warehouse, "--break", "splits"));
        assertEquals("the lease of splits is not held: nothing to break", lastLine());
        assertThrows(LeaseException.class, held::close, "its holder lost it");
        leases.close();

        assertEquals(2, run("leases", "--warehouse", warehouse, "--break", "../splits"));
        assertTrue(err.toString().contains("'../splits' is not a table name"), err.toString());
    }
}
