package org.spira.pipeline.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.testing.SharedData;
import org.spira.pipeline.cluster.ClusterServices.Finished;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.IngestRunsTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RejectedTable;
import org.spira.pipeline.tables.SplitsTable;

/**
 * The three stages submitted with bin/submit to the standalone Spark cluster against an s3a://
 * warehouse on MinIO, twice, under a prefix of their own; the tables are then read back with
 * delta-rs and DuckDB, every object under the warehouse is scanned, and so are the drivers' and
 * executors' logs.
 */
class ClusterPipelineIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, Long>> COUNTS = new TypeReference<>() {};
    private static final List<String> STAGES = List.of("ingest", "featurize", "split");
    private static final Map<String, StructType> SCHEMAS = Map.of(
            RecordingsTable.NAME, RecordingsTable.SCHEMA,
            RejectedTable.NAME, RejectedTable.SCHEMA,
            IngestRunsTable.NAME, IngestRunsTable.SCHEMA,
            FeaturesTable.NAME, FeaturesTable.SCHEMA,
            SplitsTable.NAME, SplitsTable.SCHEMA);

    @TempDir
    static Path dir;

    static ClusterServices services;
    static String prefix;
    static LandingBatch batch;
    static final Map<String, Finished> runs = new LinkedHashMap<>();
    static JsonNode first;
    static JsonNode second;
    static List<Path> executorLogs;

    @BeforeAll
    static void runThePipelineTwice() throws Exception {
        services = ClusterServices.require();
        prefix = "it-" + UUID.randomUUID();
        String root = "s3a://spira-warehouse/" + prefix;
        batch = LandingBatch.write(Files.createDirectories(dir.resolve("landing")), 5);
        upload(batch.folder, root + "/landing");
        upload(noiseCorpus(), root + "/noise");
        Set<Path> appsBefore = services.applicationDirs();
        String warehouse = root + "/warehouse";
        Map<String, String> key = Map.of("SPIRA_SUBJECT_KEY", HexFormat.of().formatHex(randomBytes()));
        for (String pass : List.of("first", "second")) {
            for (String stage : STAGES) {
                List<String> args = new ArrayList<>(List.of(
                        services.script("submit").toString(),
                        stage,
                        "--warehouse",
                        warehouse,
                        "--config",
                        services.conf("minio.conf").toString(),
                        "--set",
                        "spira.featurize.noise-corpus=" + root + "/noise",
                        "--set",
                        "spira.featurize.control-variants=1",
                        "--set",
                        "spira.featurize.patient-variants=1"));
                if (stage.equals("ingest")) {
                    args.addAll(List.of("--manifest", root + "/landing/manifest.csv"));
                }
                Map<String, String> env = new LinkedHashMap<>(key);
                env.put("SPIRA_SPARK_OPTS", "--conf spark.ui.enabled=false");
                runs.put(pass + "-" + stage, services.run(args, env, dir.resolve("logs"), pass + "-" + stage));
            }
            JsonNode facts = inspect(warehouse);
            if (pass.equals("first")) {
                first = facts;
            } else {
                second = facts;
            }
        }
        executorLogs = executorLogs(appsBefore);
    }

    @Test
    void everyStageExitsZeroWithItsJsonSummaryLast() throws Exception {
        for (Map.Entry<String, Finished> run : runs.entrySet()) {
            Finished finished = run.getValue();
            assertEquals(0, finished.exit(), run.getKey() + ": " + finished.stderr());
            JsonNode summary = summary(run.getKey());
            assertEquals(
                    run.getKey().substring(run.getKey().indexOf('-') + 1),
                    summary.get("stage").asText());
            assertEquals("ok", summary.get("status").asText(), run.getKey());
        }
    }

    @Test
    void ingestAccountsForEveryManifestRow() throws Exception {
        JsonNode ingest = summary("first-ingest");
        assertEquals(batch.manifestRows.size(), ingest.get("listed").asLong());
        assertEquals(batch.accepted, ingest.get("accepted").asLong());
        assertEquals(batch.rejected(), ingest.get("rejected").asLong());
        assertEquals(batch.duplicates, ingest.get("duplicates").asLong());
        assertEquals(
                batch.accepted, table(first, RecordingsTable.NAME).get("rows").asLong());
        assertEquals(
                batch.rejectedByReason,
                JSON.convertValue(table(first, RejectedTable.NAME).get("rows_by_reason"), COUNTS));
    }

    @Test
    void featuresHoldEveryWindowOfTheCleanAndTheNoisyVariant() throws Exception {
        JsonNode features = table(first, FeaturesTable.NAME);
        assertEquals(batch.windows, features.get("rows_by_variant").get("0").asLong(), "clean windows");
        assertEquals(batch.windows, features.get("rows_by_variant").get("1").asLong(), "noisy windows");
        assertEquals(2 * batch.windows, summary("first-featurize").get("rows").asLong());
        assertEquals(
                batch.acceptedSubjects.size(),
                table(first, SplitsTable.NAME).get("rows").asLong());
        assertEquals(
                batch.acceptedSubjects.size(),
                summary("first-split").get("new_subjects").asLong());
    }

    @Test
    void everyTableHasItsDeclaredSchemaAndNoDuplicateKey() {
        SCHEMAS.forEach((name, schema) -> {
            JsonNode table = table(first, name);
            assertEquals(List.of(schema.fieldNames()), JSON.convertValue(table.get("fields"), List.class), name);
            assertEquals(table.get("rows").asLong(), table.get("distinct_keys").asLong(), name + " keys");
        });
    }

    @Test
    void theSecondRunMovesNoTableVersionAndAddsNoRow() throws Exception {
        for (String name : SCHEMAS.keySet()) {
            if (!name.equals(IngestRunsTable.NAME)) {
                assertEquals(table(first, name), table(second, name), name);
            }
        }
        // ingest_runs is the log of runs: one row more, saying nothing was accepted.
        assertEquals(2, table(second, IngestRunsTable.NAME).get("rows").asLong());
        JsonNode ingest = summary("second-ingest");
        assertEquals(0, ingest.get("accepted").asLong());
        assertEquals(
                batch.manifestRows.size() - batch.rejected(),
                ingest.get("duplicates").asLong());
        assertEquals(0, summary("second-featurize").get("rows").asLong());
        assertEquals(0, summary("second-split").get("new_subjects").asLong());
    }

    @Test
    void noClearSubjectIdInAnyWarehouseObject() {
        assertTrue(second.get("objects_scanned").asLong() > batch.accepted, "the scan saw the warehouse");
        // The last forbidden line is a canary that must be found: the prefix, part of manifest_uri.
        int canary = batch.subjectIds.size();
        boolean canaryFound = false;
        for (JsonNode hit : second.get("objects_with_forbidden_strings")) {
            assertEquals(List.of(canary), JSON.convertValue(hit.get("lines"), List.class), hit.toString());
            canaryFound = true;
        }
        assertTrue(canaryFound, "the scan finds a string that is in the tables");
    }

    @Test
    void noClearSubjectIdInTheDriversOrExecutorsLogs() throws Exception {
        for (Map.Entry<String, Finished> run : runs.entrySet()) {
            assertNoSubjectId(run.getKey() + " driver stdout", run.getValue().stdout());
            assertNoSubjectId(run.getKey() + " driver stderr", run.getValue().stderr());
        }
        assertTrue(executorLogs.size() >= 2 * STAGES.size(), "executor logs of every run: " + executorLogs);
        long withTasks = 0;
        for (Path log : executorLogs) {
            String text = Files.readString(log);
            assertNoSubjectId(log.toString(), text);
            withTasks += text.contains("Finished task") ? 1 : 0;
        }
        assertTrue(withTasks >= 2 * STAGES.size(), "the logs are the executors' own: they list finished tasks");
    }

    private static void assertNoSubjectId(String where, String text) {
        for (String id : batch.subjectIds) {
            assertFalse(text.contains(id), where + " contains a subject id");
        }
    }

    private static JsonNode summary(String run) throws IOException {
        return JSON.readTree(runs.get(run).lastLine());
    }

    private static JsonNode table(JsonNode facts, String name) {
        return facts.get("tables").get(name);
    }

    private static void upload(Path folder, String uri) throws Exception {
        Finished upload = python("upload-" + folder.getFileName(), "upload", folder.toString(), uri);
        assertEquals(0, upload.exit(), upload.stderr());
    }

    private static JsonNode inspect(String warehouse) throws Exception {
        Map<String, List<String>> keys = Map.of(
                RecordingsTable.NAME, RecordingsTable.KEY,
                RejectedTable.NAME, RejectedTable.KEY,
                IngestRunsTable.NAME, IngestRunsTable.KEY,
                FeaturesTable.NAME, FeaturesTable.KEY,
                SplitsTable.NAME, SplitsTable.KEY);
        Path spec = Files.writeString(dir.resolve("spec.json"), JSON.writeValueAsString(Map.of("tables", keys)));
        List<String> forbidden = new ArrayList<>(batch.subjectIds);
        forbidden.add(prefix);
        Path forbiddenFile = Files.write(dir.resolve("forbidden.txt"), forbidden);
        Finished inspect = python("inspect", "inspect", warehouse, spec.toString(), forbiddenFile.toString());
        assertEquals(0, inspect.exit(), inspect.stderr());
        return JSON.readTree(inspect.lastLine());
    }

    private static Finished python(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                services.python().toString(),
                services.testPython("s3_warehouse.py").toString()));
        command.addAll(List.of(args));
        return services.run(command, Map.of(), dir.resolve("logs"), name + "-" + System.nanoTime());
    }

    /** Three clips of the shared ward-noise corpus. */
    private static Path noiseCorpus() throws IOException {
        Path noise = Files.createDirectories(dir.resolve("noise"));
        try (Stream<Path> clips = Files.list(SharedData.root().resolve("noise"))) {
            for (Path clip : clips.filter(p -> p.toString().endsWith(".wav"))
                    .sorted()
                    .limit(3)
                    .toList()) {
                Files.copy(clip, noise.resolve(clip.getFileName()));
            }
        }
        return noise;
    }

    private static List<Path> executorLogs(Set<Path> appsBefore) throws IOException {
        Set<Path> apps = new HashSet<>(services.applicationDirs());
        apps.removeAll(appsBefore);
        List<Path> logs = new ArrayList<>();
        for (Path app : apps) {
            try (Stream<Path> files = Files.walk(app)) {
                files.filter(f -> f.getFileName().toString().matches("stdout|stderr"))
                        .forEach(logs::add);
            }
        }
        return logs;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
