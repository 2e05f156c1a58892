package org.spira.pipeline.train;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.types.StructField;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.spira.features.dsp.FeatureSpec;
import org.spira.model.NoamSchedule;
import org.spira.model.train.CheckpointCodec;
import org.spira.pipeline.BuildInfo;
import org.spira.pipeline.DeltaSparkTestBase;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.config.FeaturesConfig;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.TrainConfig;
import org.spira.pipeline.registry.TrainingLineage;
import org.spira.pipeline.registry.TrainingMembership;
import org.spira.pipeline.tables.DeltaLog;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.TrainingMembershipTable;
import org.spira.pipeline.tracking.MlflowServerFixture;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.Tracker;

/**
 * The train stage on a small real warehouse (local[2]) and the real MLflow server, everything
 * read back independently: the run through plain REST, the tables with Spark SQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainJobTest extends DeltaSparkTestBase {
    static final int EPOCHS = 2;
    static final int PER_BATCH = 2;

    @TempDir
    static Path dir;

    private MlflowServerFixture server;
    private Tracker tracker;
    private String warehouse;
    private TrainResult uninterrupted;

    @BeforeAll
    void trainOnce() throws Exception {
        server = MlflowServerFixture.require("train-job-test");
        tracker = server.tracker();
        runBefore();
        warehouse = TrainingWarehouse.build(spark(), dir);
        uninterrupted = job(config(), EpochListener.NONE).run(warehouse, Optional.empty());
    }

    @AfterAll
    void close() {
        if (tracker != null) {
            tracker.close();
        }
    }

    static List<String> settings(String... more) {
        List<String> settings = new java.util.ArrayList<>(List.of(
                "spira.train.epochs=" + EPOCHS,
                "spira.train.recordings-per-batch=" + PER_BATCH,
                "spira.train.cores=1"));
        settings.addAll(List.of(more));
        return settings;
    }

    static TrainConfig config(String... more) {
        return PipelineConfig.load(Optional.empty(), settings(more)).train();
    }

    private TrainJob job(TrainConfig config, EpochListener faults) {
        return new TrainJob(
                spark(), tracker, config, server.config, PipelineConfig.render(Optional.empty(), settings()), faults);
    }

    @Test
    void theRunRecordsParamsLineageInputsAndMetrics() throws Exception {
        JsonNode run = server.run(uninterrupted.runId());
        assertEquals("FINISHED", run.path("info").path("status").asText());
        Map<String, String> params = keyValues(run.path("data").path("params"));
        assertEquals("691613", params.get("model.num_params"));
        config().params().forEach((key, value) -> assertEquals(String.valueOf(value), params.get(key), key));
        FeaturesConfig.params(FeatureSpec.spira())
                .forEach((key, value) -> assertEquals(String.valueOf(value), params.get(key), key));
        assertEquals("4.0", params.get("spira.features.window-seconds"));
        assertEquals("in_memory", params.get("train.window_source"));
        assertEquals(uninterrupted.trainedOn(), params.get("train.trained_on"));
        assertEquals("1", params.get("train.workers"));
        assertEquals("", params.get("train.gpu_addresses"));
        assertEquals("cpu", params.get("train.backend"));

        DeltaStore store = new DeltaStore(spark(), warehouse);
        Map<String, String> tags = keyValues(run.path("data").path("tags"));
        Map<String, String> expected = expectedLineage(store);
        expected.forEach((key, value) -> assertEquals(value, tags.get(key), key));
        assertEquals(spark().sparkContext().applicationId(), tags.get(TrainingLineage.SPARK_APP_ID));

        Map<String, JsonNode> inputs = new TreeMap<>();
        run.path("inputs")
                .path("dataset_inputs")
                .forEach(i -> inputs.put(i.path("dataset").path("name").asText(), i));
        assertEquals(List.of("features", "recordings", "splits"), List.copyOf(inputs.keySet()));
        for (String table : inputs.keySet()) {
            JsonNode source = new ObjectMapper()
                    .readTree(inputs.get(table).path("dataset").path("source").asText());
            assertEquals(store.path(table), source.path("uri").asText());
            assertEquals(store.version(table), source.path("version").asLong(), table);
        }
    }

    @Test
    void theVersionsTrainingAndValidationRecordingsAreItsRowsOfTrainingMembership() throws Exception {
        DeltaStore store = new DeltaStore(spark(), warehouse);
        String membership = store.path(TrainingMembershipTable.NAME);
        // recordings x splits, read independently of the stage's query (features are not read)
        List<String> expected = strings("SELECT r.recording_id || ' ' || r.subject_key || ' ' || s.split FROM delta.`"
                + store.path("recordings") + "` r JOIN delta.`" + store.path("splits")
                + "` s USING (subject_key) WHERE s.split <> 'test'");
        String ofVersion = " WHERE model_name = '" + uninterrupted.model() + "' AND model_version = "
                + uninterrupted.modelVersion();
        assertEquals(6, expected.size());
        assertEquals(
                expected,
                strings("SELECT recording_id || ' ' || subject_key || ' ' || split FROM delta.`" + membership + "`"
                        + ofVersion),
                "each training and validation recording once, with its subject's key and split");
        assertEquals(
                List.of(uninterrupted.runId() + " train"),
                strings("SELECT DISTINCT run_id || ' ' || recorded_by FROM delta.`" + membership + "`" + ofVersion));
        assertEquals(
                List.of(),
                strings("SELECT m.recording_id FROM delta.`" + membership + "` m JOIN delta.`" + store.path("splits")
                        + "` s USING (subject_key) WHERE s.split = 'test'"),
                "no test recording in any version's rows");
        Map<String, Long> perSplitClass = new TreeMap<>();
        spark().sql("SELECT m.split || '.' || IF(r.label = 1, 'patient', 'control'), count(*) FROM delta.`"
                        + membership + "` m JOIN delta.`" + store.path("recordings") + "` r USING (recording_id)"
                        + ofVersion + " GROUP BY 1")
                .collectAsList()
                .forEach(r -> perSplitClass.put(r.getString(0), r.getLong(1)));
        assertEquals(new TreeMap<>(uninterrupted.recordings()), perSplitClass, "the training index's recordings");

        // the first train of the warehouse created the table (version 0) and added its rows (1)
        assertEquals(1, uninterrupted.membershipVersion());
        assertEquals(
                Map.of(TrainingMembershipTable.NAME, 1L),
                uninterrupted.tableVersions().written());
        assertEquals(
                DeltaLog.columns(TrainingMembershipTable.CONTRACT.schema()),
                DeltaLog.columns(DeltaLog.schema(membership)));
        for (StructField field : TrainingMembershipTable.CONTRACT.schema().fields()) {
            assertEquals(
                    0,
                    store.read(TrainingMembershipTable.NAME)
                            .where(col(field.name()).isNull())
                            .count(),
                    field.name());
        }

        long before = store.version(TrainingMembershipTable.NAME);
        assertEquals(
                0,
                TrainingMembership.record(
                        store,
                        uninterrupted.lineage(),
                        uninterrupted.model(),
                        uninterrupted.modelVersion(),
                        uninterrupted.runId(),
                        TrainingMembershipTable.BY_TRAIN,
                        new Timestamp(System.currentTimeMillis())),
                "writing the version's rows again adds none");
        assertEquals(before, store.version(TrainingMembershipTable.NAME), "and no table version");
    }

    private List<String> strings(String sql) {
        return spark().sql(sql).collectAsList().stream()
                .map(r -> r.getString(0))
                .sorted()
                .toList();
    }

    @Test
    void perEpochMetricsFollowTheNoamScheduleAndRowCountsMatchTheTables() throws Exception {
        // 2 training recordings per class, 2 per minibatch: 2 minibatches per epoch
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            int step = 2 * (epoch + 1);
            assertEquals(
                    new NoamSchedule(1e-3, 1000).valueAt(step, epoch),
                    history("learning_rate").get((long) epoch),
                    1e-12);
            assertEquals(1e-3 * step / 1000, history("learning_rate").get((long) epoch), 1e-12);
        }
        for (String metric : List.of("train_loss", "val_loss", "val_accuracy")) {
            assertEquals(List.of(0L, 1L), List.copyOf(history(metric).keySet()), metric);
        }
        assertEquals(
                uninterrupted.bestValidationLoss(), history("val_loss").get((long) uninterrupted.bestEpoch()), 1e-9);
        Map<String, Long> rows = new HashMap<>();
        spark().sql("SELECT s.split || '.' || IF(f.label = 1, 'patient', 'control') AS k, count(*) AS n FROM delta.`"
                        + warehouse + "/features` f JOIN delta.`" + warehouse
                        + "/splits` s USING (subject_key) WHERE s.split <> 'test' GROUP BY 1")
                .collectAsList()
                .forEach(r -> rows.put(r.getString(0), r.getLong(1)));
        assertEquals(4, rows.size());
        for (Map.Entry<String, Long> count : rows.entrySet()) {
            assertEquals(
                    count.getValue().doubleValue(),
                    history("rows." + count.getKey()).get(0L),
                    count.getKey());
        }
    }

    @Test
    void theBestCheckpointIsRegisteredWithTheLineageAndLoads(@TempDir Path download) throws Exception {
        ModelVersion version = tracker.registry().version(uninterrupted.modelVersion());
        assertEquals(uninterrupted.runId(), version.runId());
        assertEquals(
                server.run(version.runId()).path("info").path("artifact_uri").asText() + "/model", version.source());
        Map<String, String> expected = expectedLineage(new DeltaStore(spark(), warehouse));
        expected.put(TrainingLineage.TRAIN_RUN_ID, uninterrupted.runId());
        expected.forEach((key, value) -> assertEquals(value, version.tags().get(key), key));

        Path files = tracker.registry().download(version, download.resolve("model"));
        MultiLayerNetwork model = CheckpointCodec.model(Files.readAllBytes(files.resolve("model.zip")));
        assertEquals(691613, model.numParams());
        assertEquals(FeatureSpec.spira().toJson(), Files.readString(files.resolve("feature_spec.json")));
        JsonNode spec =
                new ObjectMapper().readTree(files.resolve("model_spec.json").toFile());
        assertEquals("V2", spec.path("architecture").asText());
        assertEquals(401, spec.path("frames").asInt());
        float[] probabilities = model.output(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 1, 401, 40), false)
                .toFloatVector();
        assertEquals(3, probabilities.length);
        for (float p : probabilities) {
            org.junit.jupiter.api.Assertions.assertTrue(p > 0 && p < 1, "a probability: " + p);
        }
        String best = "checkpoints/" + CheckpointCodec.folder(uninterrupted.bestEpoch());
        assertArrayEquals(
                model.params().toFloatVector(),
                checkpointParams(uninterrupted.runId(), best),
                "model/model.zip is the best epoch's checkpoint");
    }

    @Test
    void anInterruptedStreamedRunResumesToTheSameParameters() throws Exception {
        TrainConfig streamed = config("spira.train.memory-budget-mb=0", "spira.train.placement=driver");
        FaultInjectingObserver fault = new FaultInjectingObserver(0);
        RuntimeException thrown =
                assertThrows(RuntimeException.class, () -> job(streamed, fault).run(warehouse, Optional.empty()));
        assertSame(fault.injected, thrown);
        String runId = failedRun();
        assertEquals("FAILED", server.run(runId).path("info").path("status").asText());

        TrainResult resumed = job(streamed, EpochListener.NONE).run(warehouse, Optional.of(runId));
        assertEquals(runId, resumed.runId());
        org.junit.jupiter.api.Assertions.assertTrue(resumed.resumed());
        org.junit.jupiter.api.Assertions.assertFalse(uninterrupted.resumed());
        assertEquals(server.config.registeredModel(), resumed.model());
        assertEquals(FeatureWindows.Mode.SPARK_STREAMED, resumed.windowSource());
        assertEquals("FINISHED", server.run(runId).path("info").path("status").asText());
        assertEquals(EPOCHS, resumed.epochs());
        assertNotEquals(uninterrupted.modelVersion(), resumed.modelVersion());
        String last = "checkpoints/" + CheckpointCodec.folder(EPOCHS - 1);
        assertArrayEquals(
                checkpointParams(uninterrupted.runId(), last),
                checkpointParams(runId, last),
                1e-6f,
                "resumed = uninterrupted, parameter by parameter");
        assertEquals(List.of(0L, 1L), List.copyOf(history(runId, "val_loss").keySet()));
        // the resumed run's version learned from the same recordings, under the run's id
        String membership = "SELECT recording_id || ' ' || split || ' ' || run_id FROM delta.`" + warehouse
                + "/training_membership` WHERE model_version = ";
        assertEquals(
                strings(membership + uninterrupted.modelVersion()).stream()
                        .map(row -> row.replace(uninterrupted.runId(), runId))
                        .toList(),
                strings(membership + resumed.modelVersion()));
    }

    @Test
    void trainingOnAnExecutorEndsWithTheParametersOfTrainingOnTheDriver() throws Exception {
        TrainResult onDriver =
                job(config("spira.train.placement=driver"), EpochListener.NONE).run(warehouse, Optional.empty());
        assertEquals("driver", onDriver.trainedOn());
        assertEquals(TrainConfig.Placement.DRIVER, onDriver.placement());
        assertEquals(TrainConfig.Placement.EXECUTOR, uninterrupted.placement());
        org.junit.jupiter.api.Assertions.assertTrue(
                uninterrupted.trainedOn().matches("executor .+ on .+, task \\d+"), uninterrupted.trainedOn());
        assertEquals(List.of(), uninterrupted.gpus());
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            String checkpoint = "checkpoints/" + CheckpointCodec.folder(epoch);
            assertArrayEquals(
                    checkpointParams(onDriver.runId(), checkpoint),
                    checkpointParams(uninterrupted.runId(), checkpoint),
                    "epoch " + epoch + ": same seed and data, same parameters wherever trained");
        }
        assertEquals(onDriver.bestValidationLoss(), uninterrupted.bestValidationLoss());
    }

    @Test
    void aFaultInTheTrainingTaskFailsTheRunOnceAndTheRunResumesOnAnExecutor() throws Exception {
        FaultInjectingObserver fault = new FaultInjectingObserver(0);
        TrainStageException thrown = assertThrows(
                TrainStageException.class, () -> job(config(), fault).run(warehouse, Optional.empty()));
        org.junit.jupiter.api.Assertions.assertTrue(
                thrown.getMessage()
                        .endsWith(
                                "failed: " + fault.injected.getClass().getName() + ": " + fault.injected.getMessage()),
                thrown.getMessage());
        String runId = failedRun();
        assertEquals(List.of(0L), List.copyOf(history(runId, "val_loss").keySet()), "one attempt, no rerun");

        TrainResult resumed = job(config(), EpochListener.NONE).run(warehouse, Optional.of(runId));
        assertEquals(EPOCHS, resumed.epochs());
        JsonNode run = server.run(runId);
        assertEquals("FINISHED", run.path("info").path("status").asText());
        assertEquals(
                resumed.trainedOn(), keyValues(run.path("data").path("tags")).get("train.trained_on"));
        String last = "checkpoints/" + CheckpointCodec.folder(EPOCHS - 1);
        assertArrayEquals(
                checkpointParams(uninterrupted.runId(), last),
                checkpointParams(runId, last),
                1e-6f,
                "resumed on an executor = uninterrupted, parameter by parameter");
    }

    @Test
    void gpusInLocalModeFailBeforeARunOpens() throws Exception {
        int runsBefore = runCount();
        ConfigException e =
                assertThrows(ConfigException.class, () -> job(config("spira.train.gpus=1"), EpochListener.NONE)
                        .run(warehouse, Optional.empty()));
        org.junit.jupiter.api.Assertions.assertTrue(
                e.getMessage().startsWith("spira.train.gpus = 1 needs a cluster master"), e.getMessage());
        assertEquals(runsBefore, runCount());
    }

    private int runCount() throws Exception {
        return server.post("runs/search", "{\"experiment_ids\": [\"" + tracker.experimentId() + "\"]}")
                .path("runs")
                .size();
    }

    private float[] checkpointParams(String runId, String folder) throws Exception {
        String artifacts = server.run(runId).path("info").path("artifact_uri").asText();
        return CheckpointCodec.model(server.artifact(artifacts, folder + "/model.zip"))
                .params()
                .toFloatVector();
    }

    /** The latest FAILED run of this class's experiment, found with runs/search. */
    private String failedRun() throws Exception {
        JsonNode runs = server.post(
                        "runs/search",
                        "{\"experiment_ids\": [\"" + tracker.experimentId()
                                + "\"], \"filter\": \"attributes.status = 'FAILED'\","
                                + " \"order_by\": [\"attributes.start_time DESC\"], \"max_results\": 1}")
                .path("runs");
        assertEquals(1, runs.size(), "a failed run");
        return runs.get(0).path("info").path("run_id").asText();
    }

    private Map<String, String> expectedLineage(DeltaStore store) {
        Map<String, String> expected = new HashMap<>();
        expected.put(TrainingLineage.FEATURES_TABLE, store.path("features"));
        expected.put(TrainingLineage.FEATURES_VERSION, Long.toString(store.version("features")));
        expected.put(TrainingLineage.RECORDINGS_VERSION, Long.toString(store.version("recordings")));
        expected.put(TrainingLineage.SPLITS_VERSION, Long.toString(store.version("splits")));
        expected.put(TrainingLineage.FEATURE_SPEC_HASH, FeatureSpec.spira().hash());
        expected.put(TrainingLineage.NOISE_CORPUS_HASH, TrainingLineage.NO_NOISE);
        expected.put(TrainingLineage.GIT_COMMIT, BuildInfo.current().gitCommit());
        expected.put(TrainingLineage.APP_VERSION, BuildInfo.current().appVersion());
        return expected;
    }

    private Map<Long, Double> history(String metric) throws Exception {
        return history(uninterrupted.runId(), metric);
    }

    private Map<Long, Double> history(String runId, String metric) throws Exception {
        Map<Long, Double> values = new TreeMap<>();
        server.rest("metrics/get-history", Map.of("run_id", runId, "metric_key", metric))
                .path("metrics")
                .forEach(
                        m -> values.put(m.path("step").asLong(), m.path("value").asDouble()));
        return values;
    }

    static Map<String, String> keyValues(JsonNode list) {
        Map<String, String> values = new TreeMap<>();
        list.forEach(e -> values.put(e.path("key").asText(), e.path("value").asText()));
        return values;
    }
}
