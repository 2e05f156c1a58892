package org.spira.pipeline.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.s3.AmazonS3;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.spira.pipeline.MinioTestClient;
import org.spira.pipeline.tables.PredictionsTable;

/**
 * Where the cluster integration tests find the running services and the project's scripts, in
 * one place: the environment of {@code eval "$(bin/services env)"} (SPARK_HOME,
 * SPARK_MASTER_URL, SPIRA_S3_ENDPOINT, the AWS credentials, SPIRA_SPARK_CLASSPATH) and the
 * system properties {@code spira.root} (the repository) and {@code spira.python} (the notebook
 * venv's interpreter), which the failsafe configuration sets. bin/test provides all of them;
 * without them the tests are skipped, saying so.
 */
record ClusterServices(Path root, Path python, String masterUrl) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a process may run before it counts as hung: a whole DAG run takes ~13 minutes loaded. */
    private static final int HANG_MINUTES = 40;

    private static final List<String> VARIABLES = List.of(
            "SPARK_HOME",
            "SPARK_MASTER_URL",
            "SPIRA_S3_ENDPOINT",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "SPIRA_SPARK_CLASSPATH");

    static ClusterServices require() {
        List<String> missing = VARIABLES.stream()
                .filter(name -> System.getenv().getOrDefault(name, "").isBlank())
                .toList();
        String root = System.getProperty("spira.root", "");
        String python = System.getProperty("spira.python", "");
        assumeTrue(
                missing.isEmpty() && !root.isBlank() && !python.isBlank(),
                "needs the local services and the notebook venv (missing " + missing
                        + (python.isBlank() ? ", -Dspira.python" : "")
                        + "): run bin/test, or bin/services start minio spark; eval \"$(bin/services env)\"");
        return new ClusterServices(Path.of(root), Path.of(python), System.getenv("SPARK_MASTER_URL"));
    }

    /** A random SPIRA_SUBJECT_KEY for one test: 24 bytes, hex. */
    static String subjectKey() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Fails unless bin/services' gpu-worker (fake GPUs) is running: train asks for GPUs. */
    void requireGpuWorker() throws IOException, InterruptedException {
        Finished status = run(
                List.of(script("services").toString(), "status", "gpu-worker"),
                Map.of(),
                Files.createTempDirectory("gpu-worker-status"),
                "status");
        if (status.exit() != 0) {
            throw new IllegalStateException("the cluster test trains on a worker with GPUs, but bin/services'"
                    + " gpu-worker is not running: bin/services start gpu-worker ("
                    + status.stdout().strip() + ")");
        }
    }

    Path script(String name) {
        return root.resolve("bin").resolve(name);
    }

    Path conf(String name) {
        return root.resolve("conf").resolve(name);
    }

    Path testPython(String name) {
        return root.resolve("spark-jobs/src/test/python").resolve(name);
    }

    /**
     * Runs the independent side, spark-jobs/src/test/python/s3_warehouse.py (upload, inspect,
     * scan, query, delete), with the notebook venv's interpreter.
     */
    Finished warehouseTool(Path logs, String command, String... args) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(
                List.of(python.toString(), testPython("s3_warehouse.py").toString(), command));
        line.addAll(List.of(args));
        return run(line, Map.of(), logs, command + "-" + System.nanoTime());
    }

    /** Copies every file under {@code folder} to {@code uri} (s3a://bucket/prefix) on MinIO. */
    void upload(Path folder, String uri, Path logs) throws IOException, InterruptedException {
        Finished upload = warehouseTool(logs, "upload", folder.toString(), uri);
        if (upload.exit() != 0) {
            throw new IllegalStateException("upload of " + folder + " failed: " + upload.stderr());
        }
    }

    /**
     * DuckDB's rows for {@code sql} over the warehouse's tables, read by delta-rs; {@code tables}:
     * the columns to load, by table.
     */
    JsonNode query(Path logs, String warehouse, Map<String, List<String>> tables, String sql)
            throws IOException, InterruptedException {
        Path spec = Files.writeString(
                Files.createTempFile(Files.createDirectories(logs), "query", ".json"),
                JSON.writeValueAsString(Map.of("tables", tables, "sql", sql)));
        Finished query = warehouseTool(logs, "query", warehouse, spec.toString());
        if (query.exit() != 0) {
            throw new IllegalStateException("query of " + warehouse + " failed: " + query.stderr());
        }
        return JSON.readTree(query.lastLine()).get("rows");
    }

    /** The rows of {@code predictions} of one model version, by recording id, read by delta-rs. */
    Map<String, JsonNode> predictions(Path logs, String warehouse, String model, int version)
            throws IOException, InterruptedException {
        // every column but scored_at: the helper's DuckDB needs pytz to hand out timestamps
        List<String> columns = List.of(
                PredictionsTable.RECORDING_ID,
                PredictionsTable.FEATURE_VERSION,
                PredictionsTable.PROBABILITY,
                PredictionsTable.PREDICTED_LABEL,
                PredictionsTable.WINDOWS,
                PredictionsTable.SCORE_RUN_ID);
        JsonNode rows = query(
                logs,
                warehouse,
                Map.of(
                        PredictionsTable.NAME,
                        Stream.concat(
                                        columns.stream(),
                                        Stream.of(PredictionsTable.MODEL_NAME, PredictionsTable.MODEL_VERSION))
                                .toList()),
                "SELECT " + String.join(", ", columns) + " FROM predictions WHERE model_name = '" + model
                        + "' AND model_version = " + version);
        Map<String, JsonNode> byRecording = new TreeMap<>();
        rows.forEach(
                row -> byRecording.put(row.get(PredictionsTable.RECORDING_ID).asText(), row));
        return byRecording;
    }

    /** The workers' per-application folders (executors' stdout and stderr), by application id. */
    Set<Path> applicationDirs() throws IOException {
        Path spark = root.resolve(".tools/services/spark");
        if (!Files.isDirectory(spark)) {
            return Set.of();
        }
        try (Stream<Path> walk = Files.walk(spark, 3)) {
            return walk.filter(dir -> dir.getParent().getFileName().toString().equals("work")
                            && dir.getFileName().toString().startsWith("app-"))
                    .collect(Collectors.toSet());
        }
    }

    /** Runs {@code command} with this environment plus {@code extra}; stdout and stderr go to files. */
    Finished run(List<String> command, Map<String, String> extra, Path logs, String name)
            throws IOException, InterruptedException {
        return finish(start(command, extra, logs, name), logs, name);
    }

    /** Starts what {@link #run} runs, without waiting for it. */
    Process start(List<String> command, Map<String, String> extra, Path logs, String name) throws IOException {
        Files.createDirectories(logs);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectOutput(logs.resolve(name + ".out").toFile())
                .redirectError(logs.resolve(name + ".err").toFile());
        builder.environment().putAll(extra);
        return builder.start();
    }

    /** Waits for {@code process}, which {@link #start} started as {@code name}, and reads its output. */
    Finished finish(Process process, Path logs, String name) throws IOException, InterruptedException {
        if (!process.waitFor(HANG_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not finish in " + HANG_MINUTES + " minutes; see " + logs);
        }
        return new Finished(
                process.exitValue(),
                Files.readString(logs.resolve(name + ".out")),
                Files.readString(logs.resolve(name + ".err")));
    }

    /** {@code bin/services ACTION SERVICE} (start or stop one of the running services), which must succeed. */
    void service(String action, String service, Path logs) throws IOException, InterruptedException {
        String name = action + "-" + service;
        Finished done = run(List.of(script("services").toString(), action, service), Map.of(), logs, name);
        if (done.exit() != 0) {
            throw new IllegalStateException(
                    "bin/services " + action + " " + service + " exited " + done.exit() + ": " + done.stderr());
        }
    }

    /** Whether the object {@code uri} (s3a://bucket/key) is on MinIO. */
    static boolean objectExists(String uri) {
        URI object = URI.create(uri);
        return S3.CLIENT.doesObjectExist(object.getHost(), object.getPath().substring(1));
    }

    /** The keys of the objects under {@code uri} (s3a://bucket/prefix), at most a thousand. */
    static List<String> keys(String uri) {
        URI prefix = URI.create(uri);
        return S3
                .CLIENT
                .listObjectsV2(prefix.getHost(), prefix.getPath().substring(1) + "/")
                .getObjectSummaries()
                .stream()
                .map(com.amazonaws.services.s3.model.S3ObjectSummary::getKey)
                .toList();
    }

    /**
     * Waits until {@code condition} holds, asking every 50 ms while {@code process} runs; false
     * when the process ended first.
     */
    static boolean await(Process process, Condition condition) throws Exception {
        while (process.isAlive()) {
            if (condition.holds()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** One MinIO client for the test JVM's checks, made at its first use. */
    private static final class S3 {
        static final AmazonS3 CLIENT = MinioTestClient.connect(System.getenv());
    }

    /** What {@link #await} waits for. */
    interface Condition {
        boolean holds() throws Exception;
    }

    /** A finished process: exit status and its whole output. */
    record Finished(int exit, String stdout, String stderr) {
        String lastLine() {
            List<String> lines = stdout.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }
}
