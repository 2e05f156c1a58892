package org.spira.pipeline.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.pipeline.cluster.ClusterServices.Finished;
import org.spira.pipeline.tables.FeatureStatsTable;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.IngestRunsTable;
import org.spira.pipeline.tables.PredictionsTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RejectedTable;
import org.spira.pipeline.tables.SplitsTable;
import org.spira.pipeline.tables.TrainingMembershipTable;
import org.spira.pipeline.tracking.MlflowServerFixture;

/**
 * The Airflow DAG airflow/dags/spira_pipeline.py run by the real Airflow of bin/setup-airflow
 * ({@code airflow dags test}, SQLite, no scheduler or webserver) against the loopback cluster,
 * MinIO and MLflow, under a prefix of its own: the whole DAG on a small landing batch (ending with
 * score, the new champion on every recording), the whole DAG again, and, on a warehouse of its
 * own, a manifest whose every row ingest rejects. Task states, the stages' summaries
 * (XCom) and Dataset events are read from Airflow's SQLite database, the tables with delta-rs and
 * DuckDB.
 */
class AirflowDagIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, Long>> COUNTS = new TypeReference<>() {};
    private static final String DAG = "spira_pipeline";
    private static final Pattern DAG_TEST_LINE = Pattern.compile(
            "^\\[(\\S+)\\] \\{dag\\.py:\\d+\\} INFO - \\[DAG TEST\\] (starting|end task) task_id=(\\w+)",
            Pattern.MULTILINE);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final List<String> TASKS = List.of("ingest", "featurize", "split", "train", "evaluate", "score");
    private static final Map<String, List<String>> KEYS = Map.of(
            RecordingsTable.NAME, RecordingsTable.CONTRACT.key(),
            RejectedTable.NAME, RejectedTable.CONTRACT.key(),
            IngestRunsTable.NAME, IngestRunsTable.CONTRACT.key(),
            FeaturesTable.NAME, FeaturesTable.CONTRACT.key(),
            SplitsTable.NAME, SplitsTable.CONTRACT.key(),
            PredictionsTable.NAME, PredictionsTable.CONTRACT.key());

    @TempDir
    static Path dir;

    static ClusterServices services;
    static MlflowServerFixture mlflow;
    static LandingBatch batch;
    static String warehouse;
    static String gateWarehouse;
    static final Map<String, Finished> dagTests = new LinkedHashMap<>();
    static JsonNode runs;
    static JsonNode gateRuns;
    static JsonNode first;
    static JsonNode second;
    static JsonNode gate;
    /** Version 1's rows of predictions after the first run, by recording id. */
    static Map<String, JsonNode> predictions;
    /** The recordings score can use (every one but featurize's too_short rejects), after the first run. */
    static Set<String> scorable;

    @BeforeAll
    static void runTheDag() throws Exception {
        services = ClusterServices.require();
        Path python = Path.of(System.getProperty("spira.airflow.python", ""));
        assertTrue(Files.isExecutable(python), python + " is missing: bin/setup-airflow");
        mlflow = MlflowServerFixture.require("airflow-it");
        String root = "s3a://spira-warehouse/airflow-it-" + UUID.randomUUID();
        batch = LandingBatch.write(Files.createDirectories(dir.resolve("landing")), 5);
        // Every real recording of the batch (LandingBatch lists them first) with a label that
        // no class maps: ingest rejects them all (bad_label), over the gate's 0.5.
        List<String> unlabelled = new ArrayList<>();
        for (String row : batch.manifestRows.subList(0, (int) batch.accepted)) {
            String[] cells = row.split(",");
            cells[2] = "unknown";
            unlabelled.add(String.join(",", cells));
        }
        Files.writeString(
                batch.folder.resolve("gate-manifest.csv"),
                "path,subject_id,label,sex,age\n" + String.join("\n", unlabelled) + "\n");
        services.upload(batch.folder, root + "/landing", dir.resolve("logs"));
        services.upload(LandingBatch.noiseCorpus(dir.resolve("noise")), root + "/noise", dir.resolve("logs"));
        warehouse = root + "/warehouse";
        gateWarehouse = root + "/gate-warehouse";
        List<String> settings = List.of(
                "spira.featurize.noise-corpus=" + root + "/noise",
                "spira.featurize.control-variants=1",
                "spira.featurize.patient-variants=1",
                "spira.split.train=0.5",
                "spira.split.validation=0.25",
                "spira.split.test=0.25",
                "spira.train.epochs=1",
                "spira.evaluate.noise-corpus=" + root + "/noise",
                "spira.tracking.experiment=" + mlflow.config.experiment(),
                "spira.tracking.registered-model=" + mlflow.config.registeredModel());
        String key = ClusterServices.subjectKey();
        Path home = dir.resolve("airflow");
        Path gateHome = dir.resolve("airflow-gate");
        Map<String, String> conf = Map.of("manifest", root + "/landing/manifest.csv");
        dagTest(python, home, warehouse, key, "first", "2026-01-01", conf, settings, List.of());
        first = inspect(warehouse, KEYS);
        predictions = services.predictions(dir.resolve("logs"), warehouse, mlflow.config.registeredModel(), 1);
        scorable = new TreeSet<>();
        services.query(
                        dir.resolve("logs"),
                        warehouse,
                        Map.of(
                                RecordingsTable.NAME,
                                List.of(RecordingsTable.RECORDING_ID),
                                RejectedTable.NAME,
                                List.of(RejectedTable.RECORDING_ID, RejectedTable.REASON)),
                        "SELECT recording_id FROM recordings WHERE recording_id NOT IN"
                                + " (SELECT recording_id FROM rejected WHERE reason = 'too_short')")
                .forEach(row -> scorable.add(row.get("recording_id").asText()));
        // The rerun's question is the idempotency of the data stages and score: train and
        // evaluate, which would rightly train and register a second version (minutes on two
        // cores), are marked successful by dags test without running.
        List<String> dataStagesOnly = List.of("--mark-success-pattern", "train|evaluate");
        dagTest(python, home, warehouse, key, "second", "2026-01-02", conf, settings, dataStagesOnly);
        second = inspect(warehouse, KEYS);
        Map<String, String> gateConf = Map.of("manifest", root + "/landing/gate-manifest.csv");
        dagTest(python, gateHome, gateWarehouse, key, "gate", "2026-01-01", gateConf, settings, List.of());
        gate = inspect(
                gateWarehouse,
                Map.of(
                        RecordingsTable.NAME, RecordingsTable.CONTRACT.key(),
                        RejectedTable.NAME, RejectedTable.CONTRACT.key()));
        runs = airflowRuns(python, home);
        gateRuns = airflowRuns(python, gateHome);
    }

    /**
     * Migrates the SQLite database of the Airflow home (creating it the first time), serializes
     * the DAG into it, then runs one {@code airflow dags test} with the options given.
     */
    private static void dagTest(
            Path python,
            Path home,
            String warehouse,
            String key,
            String name,
            String logicalDate,
            Map<String, String> conf,
            List<String> settings,
            List<String> options)
            throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AIRFLOW_HOME", home.toString());
        env.put(
                "AIRFLOW__CORE__DAGS_FOLDER",
                services.root().resolve("airflow/dags").toString());
        env.put("AIRFLOW__CORE__LOAD_EXAMPLES", "False");
        env.put("SPIRA_WAREHOUSE", warehouse);
        env.put("SPIRA_SUBJECT_KEY", key);
        // One executor of one core per stage: this test is about the scheduler, ClusterPipelineIT
        // about Spark's distribution; on two real cores an application with the cluster's four
        // advertised cores (three executor JVMs) took ~50% longer.
        env.put("SPIRA_SPARK_OPTS", "--conf spark.ui.enabled=false --conf spark.cores.max=1");
        String airflow = python.resolveSibling("airflow").toString();
        // the Datasets exist in the database once the DAG is serialized, as a scheduler would
        for (List<String> setup : List.of(List.of("db", "migrate"), List.of("dags", "reserialize"))) {
            List<String> command = new ArrayList<>(List.of(airflow));
            command.addAll(setup);
            Finished done = services.run(command, env, dir.resolve("logs"), name + "-" + String.join("-", setup));
            assertEquals(0, done.exit(), String.join(" ", setup) + ": " + done.stderr());
        }
        Map<String, Object> runConf = new LinkedHashMap<>(conf);
        runConf.put("set", settings);
        List<String> command = new ArrayList<>(
                List.of(airflow, "dags", "test", DAG, logicalDate, "-c", JSON.writeValueAsString(runConf)));
        command.addAll(options);
        long start = System.nanoTime();
        Finished run = services.run(command, env, dir.resolve("logs"), name + "-dags-test");
        dagTests.put(name, run);
        System.out.printf(
                Locale.ROOT,
                "airflow-it: dags test %s: %.0f s (%s)%n",
                name,
                (System.nanoTime() - start) / 1e9,
                taskSeconds(run.stdout() + run.stderr()));
    }

    /**
     * Each task's wall time in a dags test's output, from its "[DAG TEST] starting" and "end task"
     * lines (dags test records no start date in the database).
     */
    private static String taskSeconds(String output) {
        Map<String, Instant> started = new LinkedHashMap<>();
        List<String> tasks = new ArrayList<>();
        Matcher line = DAG_TEST_LINE.matcher(output);
        while (line.find()) {
            Instant at = TIMESTAMP.parse(line.group(1), Instant::from);
            if (line.group(2).equals("starting")) {
                started.put(line.group(3), at);
            } else if (started.containsKey(line.group(3))) {
                tasks.add(line.group(3) + " "
                        + Duration.between(started.get(line.group(3)), at).toSeconds() + " s");
            }
        }
        return String.join(", ", tasks);
    }

    @Test
    void theDagRunsEveryStageOnceAndWritesTheTables() throws Exception {
        JsonNode run = runs.get("runs").get(0);
        assertEquals("success", run.get("state").asText(), dagTests.get("first").stderr());
        assertTasks(run, Map.of(), "success");
        assertEquals(
                batch.accepted, table(first, RecordingsTable.NAME).get("rows").asLong());
        assertEquals(
                batch.rejectedAfterFeaturize(),
                JSON.convertValue(table(first, RejectedTable.NAME).get("rows_by_reason"), COUNTS));
        assertEquals(
                Map.of("0", batch.windows, "1", batch.windows),
                JSON.convertValue(table(first, FeaturesTable.NAME).get("rows_by_variant"), COUNTS),
                "every window of the clean and the noisy variant");
        assertEquals(
                batch.acceptedSubjects.size(),
                table(first, SplitsTable.NAME).get("rows").asLong());
        assertEquals(1, table(first, IngestRunsTable.NAME).get("rows").asLong());
        for (String name : KEYS.keySet()) {
            assertEquals(
                    table(first, name).get("rows").asLong(),
                    table(first, name).get("distinct_keys").asLong());
        }
        // train registered version 1 and evaluate made it the champion (the rerun trains none)
        JsonNode alias = mlflow.rest(
                "registered-models/alias", Map.of("name", mlflow.config.registeredModel(), "alias", "champion"));
        assertEquals("1", alias.path("model_version").path("version").asText(), alias.toString());
        // score, last: the champion on every recording long enough for its window, once each;
        // the too-short ones are featurize's rejects already, so rejected gains no row (above)
        JsonNode score = summary(run, "score");
        assertEquals(1, score.get("model_version").asInt(), score.toString());
        assertEquals(batch.accepted, score.get("considered").asLong());
        assertEquals(batch.accepted - batch.tooShort, score.get("scored").asLong());
        assertEquals(Map.of("too_short", batch.tooShort), JSON.convertValue(score.get("rejected_by_reason"), COUNTS));
        assertEquals(batch.accepted - batch.tooShort, scorable.size(), "recordings minus too_short rejects");
        assertEquals(scorable, predictions.keySet(), "version 1's predictions: one per scorable recording");
        assertEquals(
                predictions.size(),
                table(first, PredictionsTable.NAME).get("rows").asLong(),
                "no row of another version");
        assertEquals(
                score.get("tables").get(PredictionsTable.NAME).asLong(),
                table(first, PredictionsTable.NAME).get("version").asLong());
        String featureVersion = summary(run, "train").get("feature_version").asText();
        for (JsonNode row : predictions.values()) {
            assertEquals(
                    featureVersion, row.get(PredictionsTable.FEATURE_VERSION).asText(), row.toString());
            assertEquals(
                    score.get("run_id").asText(),
                    row.get(PredictionsTable.SCORE_RUN_ID).asText());
        }
    }

    @Test
    void everyTableIsADatasetThatItsStagesUpdate() {
        Map<String, Long> expected = new TreeMap<>();
        for (String name : KEYS.keySet()) {
            expected.put(warehouse + "/" + name, 1L);
        }
        expected.put(warehouse + "/" + RejectedTable.NAME, 3L); // ingest, featurize and score
        // train's; in the second run too, where it is marked successful (Airflow records its outlets)
        expected.put(warehouse + "/" + TrainingMembershipTable.NAME, 1L);
        expected.put(warehouse + "/" + FeatureStatsTable.NAME, 1L); // featurize's
        for (JsonNode run : runs.get("runs")) {
            assertEquals(expected, JSON.convertValue(run.get("dataset_events"), COUNTS), run.toString());
        }
    }

    @Test
    void theSecondRunSucceedsAndDuplicatesNothing() {
        assertEquals(2, runs.get("runs").size(), runs.toString());
        JsonNode run = runs.get("runs").get(1);
        assertEquals(
                "success", run.get("state").asText(), dagTests.get("second").stderr());
        assertTasks(run, Map.of(), "success");
        for (String name : KEYS.keySet()) {
            if (!name.equals(IngestRunsTable.NAME)) {
                assertEquals(table(first, name), table(second, name), name + ": same version and rows");
            }
        }
        // ingest_runs is the log of runs: the rerun's row, saying nothing was accepted
        assertEquals(2, table(second, IngestRunsTable.NAME).get("rows").asLong());
        JsonNode ingest = summary(run, "ingest");
        assertEquals(0, ingest.get("accepted").asLong(), ingest.toString());
        assertEquals(
                batch.manifestRows.size() - batch.rejected(),
                ingest.get("duplicates").asLong());
        assertEquals(0, summary(run, "featurize").get("rows").asLong());
        assertEquals(0, summary(run, "split").get("new_subjects").asLong());
        // score ran again and found every scorable recording scored: no row, no Delta version
        JsonNode score = summary(run, "score");
        assertEquals(0, score.get("scored").asLong(), score.toString());
        assertEquals(predictions.size(), score.get("already_scored").asLong());
        assertEquals(
                table(first, PredictionsTable.NAME),
                table(second, PredictionsTable.NAME),
                "predictions: same version and rows");
        assertEquals(
                summary(runs.get("runs").get(0), "score").get("tables"),
                score.get("tables"),
                "score's tables at the versions the first run left");
    }

    @Test
    void aManifestThatTripsTheIngestGateStopsTheRunAtIngestWithoutRetries() {
        assertEquals(1, gateRuns.get("runs").size(), gateRuns.toString());
        JsonNode run = gateRuns.get("runs").get(0);
        assertEquals("failed", run.get("state").asText());
        assertTasks(run, Map.of("ingest", "failed"), "upstream_failed");
        assertTrue(dagTests.get("gate").stdout().contains("ingest exited with status 3"), "the gate's status");
        // the gate fails after the tables are written: every row rejected, none accepted
        assertEquals(0, table(gate, RecordingsTable.NAME).get("rows").asLong());
        assertEquals(
                Map.of("bad_label", batch.accepted),
                JSON.convertValue(table(gate, RejectedTable.NAME).get("rows_by_reason"), COUNTS));
        assertEquals(0, run.get("dataset_events").size(), "a failed stage updates no Dataset");
    }

    /** dags test writes every task's log, the stages' output included, to its own output. */
    @Test
    void noClearSubjectIdInTheTaskLogs() {
        for (Map.Entry<String, Finished> run : dagTests.entrySet()) {
            String output = run.getValue().stdout() + run.getValue().stderr();
            assertTrue(output.contains("{\"stage\":\"ingest\""), run.getKey() + " logs ingest's output");
            assertNoSubjectId(run.getKey() + " task logs", output);
        }
    }

    /** The given tasks in the given states and every other in {@code others}, each tried once. */
    private static void assertTasks(JsonNode run, Map<String, String> states, String others) {
        Map<String, String> expected = new TreeMap<>();
        Map<String, String> actual = new TreeMap<>();
        for (String task : TASKS) {
            expected.put(task, states.getOrDefault(task, others));
            JsonNode instance = run.get("tasks").path(task);
            actual.put(task, instance.path("state").asText());
            if (!instance.path("state").asText().equals("upstream_failed")) {
                assertEquals(1, instance.path("try_number").asInt(), task + " tried once: " + run);
            }
        }
        assertEquals(expected, actual, run.toString());
    }

    /** A task's stage summary, its XCom. */
    private static JsonNode summary(JsonNode run, String task) {
        JsonNode summary = run.get("tasks").path(task).path("summary");
        assertTrue(summary.isObject(), task + " returned its summary: " + run);
        return summary;
    }

    private static void assertNoSubjectId(String where, String text) {
        for (String id : batch.subjectIds) {
            assertFalse(text.contains(id), where + " contains a subject id");
        }
    }

    private static JsonNode table(JsonNode facts, String name) {
        return facts.get("tables").get(name);
    }

    private static JsonNode inspect(String warehouse, Map<String, List<String>> keys) throws Exception {
        Path spec = Files.writeString(
                Files.createTempFile(dir, "spec", ".json"), JSON.writeValueAsString(Map.of("tables", keys)));
        Path nothing = Files.createTempFile(dir, "forbidden", ".txt");
        Finished inspect =
                services.warehouseTool(dir.resolve("logs"), "inspect", warehouse, spec.toString(), nothing.toString());
        assertEquals(0, inspect.exit(), inspect.stderr());
        return JSON.readTree(inspect.lastLine());
    }

    private static JsonNode airflowRuns(Path python, Path home) throws Exception {
        Finished read = services.run(
                List.of(
                        python.toString(),
                        services.testPython("airflow_runs.py").toString(),
                        home.resolve("airflow.db").toString(),
                        DAG),
                Map.of(),
                dir.resolve("logs"),
                "airflow-runs-" + home.getFileName());
        assertEquals(0, read.exit(), read.stderr());
        return JSON.readTree(read.lastLine());
    }
}
