package org.spira.pipeline.tracking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.pipeline.ServiceUnavailableException;
import org.spira.pipeline.config.TrackingConfig;

/** Runs on the real MLflow server and MinIO, read back through plain REST and the AWS SDK. */
class TrackedRunTest {
    private static MlflowServerFixture server;
    private static Tracker tracker;

    @BeforeAll
    static void connect() {
        server = MlflowServerFixture.require("tracked-run-test");
        tracker = server.tracker();
    }

    @AfterAll
    static void close() {
        if (tracker != null) {
            tracker.close();
        }
    }

    @Test
    void paramsMetricsAndTagsAreReadBackThroughRest() throws Exception {
        // 130 params: more than MLflow's 100 per batch, so two batches
        Map<String, Object> params = new TreeMap<>();
        for (int i = 0; i < 130; i++) {
            params.put(String.format("p%03d", i), i % 2 == 0 ? i * 0.5 : "value-" + i);
        }
        long t0 = 1_700_000_000_000L;
        List<MetricPoint> points = Stream.iterate(0, s -> s < 1500, s -> s + 1)
                .map(s -> new MetricPoint("loss", 1.0 / (s + 1), s, t0 + 1000L * s))
                .toList();
        String runId = tracker.run(RunSpec.named("params-metrics").tag("stage", "train"), run -> {
            run.logParams(params);
            run.logMetrics(points);
            run.logMetrics(Map.of("accuracy", 0.875), 3);
            run.setTags(Map.of("feature_version", "abc123"));
            return run.id();
        });

        JsonNode run = server.run(runId);
        assertEquals("FINISHED", run.path("info").path("status").asText());
        assertEquals("params-metrics", run.path("info").path("run_name").asText());
        Map<String, String> readParams = keyValues(run.path("data").path("params"));
        assertEquals(130, readParams.size());
        params.forEach((key, value) -> assertEquals(String.valueOf(value), readParams.get(key), key));
        Map<String, String> tags = keyValues(run.path("data").path("tags"));
        assertEquals("train", tags.get("stage"));
        assertEquals("abc123", tags.get("feature_version"));

        JsonNode history = server.rest(
                        "metrics/get-history", Map.of("run_id", runId, "metric_key", "loss", "max_results", "5000"))
                .path("metrics");
        assertEquals(1500, history.size());
        for (JsonNode point : history) {
            long step = point.path("step").asLong();
            assertEquals(1.0 / (step + 1), point.path("value").asDouble(), 0.0);
            assertEquals(t0 + 1000L * step, point.path("timestamp").asLong());
        }
        JsonNode accuracy = server.rest("metrics/get-history", Map.of("run_id", runId, "metric_key", "accuracy"))
                .path("metrics")
                .get(0);
        assertEquals(0.875, accuracy.path("value").asDouble(), 0.0);
        assertEquals(3, accuracy.path("step").asLong());
    }

    @Test
    void aDeltaTableVersionIsADatasetInputOfTheRun() throws Exception {
        DatasetInput features = new DatasetInput("features", "s3a://spira-warehouse/features", 7, "training");
        String runId = tracker.run(RunSpec.named("inputs"), run -> {
            run.logInputs(List.of(features));
            return run.id();
        });

        JsonNode inputs = server.run(runId).path("inputs").path("dataset_inputs");
        assertEquals(1, inputs.size());
        JsonNode dataset = inputs.get(0).path("dataset");
        assertEquals("features", dataset.path("name").asText());
        assertEquals("delta", dataset.path("source_type").asText());
        JsonNode source = new ObjectMapper().readTree(dataset.path("source").asText());
        assertEquals("s3a://spira-warehouse/features", source.path("uri").asText());
        assertEquals(7, source.path("version").asLong());
        String expectedDigest = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest("{\"uri\":\"s3a://spira-warehouse/features\",\"version\":7}"
                                .getBytes(StandardCharsets.UTF_8)))
                .substring(0, 32);
        assertEquals(expectedDigest, dataset.path("digest").asText());
        assertEquals(
                Map.of("mlflow.data.context", "training"),
                keyValues(inputs.get(0).path("tags")));
    }

    @Test
    void anArtifactFolderRoundTripsByteIdenticalThroughMinio(@TempDir Path dir) throws Exception {
        Path model = Files.createDirectories(dir.resolve("model"));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("weights.bin", randomBytes(3_000_017, 1));
        files.put("config.json", "{\"layers\": 4}".getBytes(StandardCharsets.UTF_8));
        files.put("spec/feature spec.json", "{\"n_mfcc\": 40}".getBytes(StandardCharsets.UTF_8));
        files.put("spec/deeper/empty.txt", new byte[0]);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = model.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }

        AtomicReference<String> root = new AtomicReference<>();
        AtomicReference<List<ArtifactFile>> listed = new AtomicReference<>();
        Path back = tracker.run(RunSpec.named("artifacts"), run -> {
            run.uploadArtifacts(model, "model");
            run.uploadArtifacts(model.resolve("config.json"), "");
            root.set(run.experimentId() + "/" + run.id() + "/artifacts");
            listed.set(run.listArtifacts("model"));
            return run.downloadArtifacts("model", dir.resolve("back"));
        });
        assertEquals(
                Set.of(
                        new ArtifactFile("model/config.json", false, files.get("config.json").length),
                        new ArtifactFile("model/spec", true, 0),
                        new ArtifactFile("model/weights.bin", false, files.get("weights.bin").length)),
                Set.copyOf(listed.get()));

        Map<String, Long> expected = new TreeMap<>();
        files.forEach((path, bytes) -> expected.put("model/" + path, (long) bytes.length));
        expected.put("config.json", (long) files.get("config.json").length);
        assertEquals(expected, server.objects(root.get()));

        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            assertArrayEquals(file.getValue(), Files.readAllBytes(back.resolve(file.getKey())), file.getKey());
        }
        try (Stream<Path> written = Files.walk(back)) {
            assertEquals(files.size(), written.filter(Files::isRegularFile).count());
        }
    }

    @Test
    void aBodyThatThrowsEndsTheRunFailedAndTheExceptionIsRethrownUnchanged() throws Exception {
        IOException failure = new IOException("disk full while writing the model");
        AtomicReference<String> runId = new AtomicReference<>();
        IOException thrown = assertThrows(
                IOException.class,
                () -> tracker.run(RunSpec.named("fails"), run -> {
                    runId.set(run.id());
                    run.logMetrics(Map.of("loss", 0.5), 0);
                    throw failure;
                }));
        assertSame(failure, thrown);
        JsonNode info = server.run(runId.get()).path("info");
        assertEquals("FAILED", info.path("status").asText());
        assertTrue(info.path("end_time").asLong() >= info.path("start_time").asLong());
    }

    @Test
    void resumeReopensTheSameRunAndEndsItAgain() throws Exception {
        String runId = tracker.run(RunSpec.named("resumable"), run -> {
            run.logMetrics(Map.of("epoch_loss", 0.9), 0);
            return run.id();
        });
        String statusWhileResumed = tracker.resume(runId, run -> {
            assertEquals(runId, run.id());
            run.logMetrics(Map.of("epoch_loss", 0.4), 1);
            return server.run(runId).path("info").path("status").asText();
        });
        assertEquals("RUNNING", statusWhileResumed);
        assertEquals("FINISHED", server.run(runId).path("info").path("status").asText());
        JsonNode history = server.rest("metrics/get-history", Map.of("run_id", runId, "metric_key", "epoch_loss"))
                .path("metrics");
        Map<Long, Double> byStep = new TreeMap<>();
        history.forEach(p -> byStep.put(p.path("step").asLong(), p.path("value").asDouble()));
        assertEquals(Map.of(0L, 0.9, 1L, 0.4), byStep);
    }

    @Test
    void secretsAndSubjectIdsNeverReachTheServer() throws Exception {
        String secret = server.environment.get("AWS_SECRET_ACCESS_KEY");
        Map<String, String> params = new TreeMap<>(Map.of(
                "subject_id", "P-0042",
                "s3.secret.key", "hunter2-hunter2",
                "warehouse", "s3a://admin:hunter3-hunter3@spira-warehouse/tables",
                "learning_rate", "0.001"));
        if (secret != null) {
            params.put("s3.endpoint.note", "key is " + secret);
        }
        String runId = tracker.run(RunSpec.named("redaction").tag("participantId", "P-0042"), run -> {
            run.logParams(params);
            return run.id();
        });

        String stored = server.run(runId).toString();
        for (String clear : List.of("P-0042", "hunter2-hunter2", "hunter3-hunter3")) {
            assertFalse(stored.contains(clear), clear + " reached the server: " + stored);
        }
        if (secret != null) {
            assertFalse(stored.contains(secret), "the MinIO secret reached the server");
        }
        Map<String, String> read = keyValues(server.run(runId).path("data").path("params"));
        assertEquals("0.001", read.get("learning_rate"));
        assertEquals("s3a://[redacted]@spira-warehouse/tables", read.get("warehouse"));
        assertEquals(RedactionPolicy.REDACTED, read.get("subject_id"));
    }

    @Test
    void aRunLeftRunningByAKilledProcessIsEndedKilledByTheNextRunOnceItsHeartbeatIsStale() throws Exception {
        String experimentId = tracker.experimentId();
        long stale = System.currentTimeMillis() - server.config.staleRunAfter().toMillis() - 60_000;
        String killed = openRun(experimentId, "killed", Optional.of(stale));
        String working = openRun(experimentId, "working", Optional.of(System.currentTimeMillis()));
        String foreign = openRun(experimentId, "foreign", Optional.empty());

        long opened = System.currentTimeMillis();
        String next = tracker.run(RunSpec.named("next"), TrackedRun::id);

        JsonNode ended = server.run(killed).path("info");
        assertEquals("KILLED", ended.path("status").asText());
        assertEquals(stale, ended.path("end_time").asLong(), "ended at its last heartbeat");
        assertEquals("RUNNING", server.run(working).path("info").path("status").asText(), "its heartbeat is fresh");
        assertEquals("RUNNING", server.run(foreign).path("info").path("status").asText(), "no heartbeat: not ours");
        assertEquals("FINISHED", server.run(next).path("info").path("status").asText());
        assertTrue(heartbeat(next) >= opened, "the new run beat when it opened");
        for (String id : List.of(working, foreign)) {
            server.post("runs/update", "{\"run_id\":\"" + id + "\",\"status\":\"FINISHED\"}");
        }
    }

    @Test
    void anOpenRunBeatsTenTimesPerStalePeriod() throws Exception {
        TrackingConfig config = new TrackingConfig(
                Optional.empty(),
                server.config.experiment(),
                server.config.registeredModel(),
                server.config.requestTimeout(),
                Duration.ofSeconds(10));
        try (Tracker beating = Tracker.connect(config, server.environment)) {
            long[] beats = beating.run(RunSpec.named("beating"), run -> {
                long first = heartbeat(run.id());
                Thread.sleep(2_500); // the period is one second
                return new long[] {first, heartbeat(run.id())};
            });
            assertTrue(beats[1] >= beats[0] + 1_000, beats[0] + " then " + beats[1]);
        }
    }

    private static String openRun(String experimentId, String name, Optional<Long> heartbeat) throws Exception {
        String id = server.post(
                        "runs/create",
                        "{\"experiment_id\":\"" + experimentId + "\",\"run_name\":\"" + name + "\",\"start_time\":"
                                + System.currentTimeMillis() + "}")
                .path("run")
                .path("info")
                .path("run_id")
                .asText();
        if (heartbeat.isPresent()) {
            server.post(
                    "runs/set-tag",
                    "{\"run_id\":\"" + id + "\",\"key\":\"" + RunHeartbeat.TAG + "\",\"value\":\"" + heartbeat.get()
                            + "\"}");
        }
        return id;
    }

    private static long heartbeat(String runId) throws IOException, InterruptedException {
        for (JsonNode tag : server.run(runId).path("data").path("tags")) {
            if (RunHeartbeat.TAG.equals(tag.path("key").asText())) {
                return Long.parseLong(tag.path("value").asText());
            }
        }
        throw new AssertionError("run " + runId + " has no tag " + RunHeartbeat.TAG);
    }

    @Test
    void anUnreachableServerFailsTheConnectNamingItAndTheFix() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        String uri = "http://127.0.0.1:" + port;
        ServiceUnavailableException e = assertThrows(
                ServiceUnavailableException.class,
                () -> Tracker.connect(server.config, Map.of("MLFLOW_TRACKING_URI", uri)));
        assertTrue(
                e.getMessage().startsWith("the MLflow tracking server at " + uri + " does not answer"), e.getMessage());
        assertTrue(e.getMessage().contains("bin/services start mlflow"), e.getMessage());
        assertNotNull(e.getCause());
    }

    @Test
    void downIsEmptyWhileTheServerAnswers() {
        try (Tracker tracker = Tracker.connect(server.config, server.environment)) {
            assertEquals(Optional.empty(), tracker.down());
        }
    }

    private static Map<String, String> keyValues(JsonNode list) {
        Map<String, String> values = new TreeMap<>();
        list.forEach(e -> values.put(e.path("key").asText(), e.path("value").asText()));
        return values;
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }
}
