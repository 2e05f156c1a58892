package org.spira.pipeline.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.RecordingId;
import org.spira.pipeline.DeltaSparkTestBase;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tracking.MlflowServerFixture;
import org.spira.pipeline.tracking.ModelSelector;
import org.spira.pipeline.tracking.Tracker;
import org.spira.pipeline.train.EpochListener;
import org.spira.pipeline.train.TrainJob;
import org.spira.pipeline.train.TrainResult;
import org.spira.pipeline.train.TrainingWarehouse;

/** The lineage of a model trained on a small real warehouse, checked against the tables and the audio bytes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LineageJobTest extends DeltaSparkTestBase {
    @TempDir
    static Path dir;

    private Tracker tracker;
    private String warehouse;
    private TrainResult trained;

    @BeforeAll
    void trainOneEpoch() throws Exception {
        MlflowServerFixture server = MlflowServerFixture.require("lineage-job-test");
        tracker = server.tracker();
        runBefore();
        warehouse = TrainingWarehouse.build(spark(), dir);
        List<String> settings = List.of("spira.train.epochs=1", "spira.train.cores=1");
        trained = new TrainJob(
                        spark(),
                        tracker,
                        PipelineConfig.load(Optional.empty(), settings).train(),
                        server.config,
                        PipelineConfig.render(Optional.empty(), settings),
                        EpochListener.NONE)
                .run(warehouse, Optional.empty());
        tracker.registry().setAlias("champion", trained.modelVersion());
    }

    @AfterAll
    void close() {
        if (tracker != null) {
            tracker.close();
        }
    }

    @Test
    void theChainLeadsFromTheVersionToTheAudioBytesItLearnedFrom() throws Exception {
        LineageResult result =
                new LineageJob(spark(), tracker).run(warehouse, ModelSelector.alias("champion"), Optional.empty());
        DeltaStore store = new DeltaStore(spark(), warehouse);
        assertEquals(trained.modelVersion(), result.version().version());
        assertEquals(trained.runId(), result.run().id());
        assertEquals(store.version("features"), result.lineage().featuresVersion());
        assertEquals(store.version("recordings"), result.lineage().recordingsVersion());
        assertEquals(store.version("splits"), result.lineage().splitsVersion());

        Map<String, Long> expected = new TreeMap<>();
        spark().sql("SELECT s.split || '.' || IF(r.label = 1, 'patient', 'control'), count(*) FROM delta.`"
                        + store.path("recordings") + "` r JOIN delta.`" + store.path("splits")
                        + "` s USING (subject_key) WHERE s.split <> 'test' GROUP BY 1")
                .collectAsList()
                .forEach(r -> expected.put(r.getString(0), r.getLong(1)));
        assertEquals(expected, new TreeMap<>(result.recordings()));
        assertEquals(6, result.audioObjects());
        assertEquals(0, result.scoredRecordings(), "no score run yet: the warehouse has no predictions table");

        List<Row> ingestRuns = store.read("ingest_runs").collectAsList();
        assertEquals(1, result.ingestRuns().size());
        assertEquals(
                ingestRuns.get(0).<String>getAs("ingest_run_id"),
                result.ingestRuns().get(0).ingestRunId());
        assertEquals(
                ingestRuns.get(0).<String>getAs("manifest_uri"),
                result.ingestRuns().get(0).manifestUri());
        assertEquals(6, result.ingestRuns().get(0).learned());

        assertAudioListIsContentAddressed(result, store);
        assertEquals(
                audioListQuery(store, result.version().version()),
                Files.readAllLines(Path.of(URI.create(result.audioList()))),
                "the audio list is the version's rows of training_membership joined with recordings");
        assertEquals(
                Map.of("training_membership", store.version("training_membership")),
                result.tableVersions().written());
    }

    @Test
    void aVersionWithoutRowsInTrainingMembershipGetsThemFromLineageOnce() throws Exception {
        DeltaStore store = new DeltaStore(spark(), warehouse);
        String table = store.path("training_membership");
        String rows = "SELECT recording_id || ' ' || subject_key || ' ' || split || ' ' || run_id FROM delta.`" + table
                + "` WHERE model_version = " + trained.modelVersion();
        List<String> recordedByTrain = strings(rows);
        assertEquals(6, recordedByTrain.size());
        LineageJob job = new LineageJob(spark(), tracker);
        ModelSelector version = ModelSelector.version(trained.modelVersion());

        // a train run stopped between registering the version and writing its rows
        spark().sql("DELETE FROM delta.`" + table + "` WHERE model_version = " + trained.modelVersion());
        LineageResult filled = job.run(warehouse, version, Optional.empty());
        assertEquals(6, filled.membershipAdded());
        assertEquals(recordedByTrain, strings(rows), "the rows train wrote, derived again");
        assertEquals(List.of("lineage"), strings("SELECT DISTINCT recorded_by FROM delta.`" + table + "`"));
        assertEquals(
                audioListQuery(store, trained.modelVersion()),
                Files.readAllLines(Path.of(URI.create(filled.audioList()))));
        long written = store.version("training_membership");
        assertEquals(
                Map.of("training_membership", written), filled.tableVersions().written());
        LineageResult again = job.run(warehouse, version, Optional.empty());
        assertEquals(0, again.membershipAdded());
        assertEquals(written, store.version("training_membership"), "a rerun writes no table version");
        assertEquals(filled.recordings(), again.recordings());

        // a version registered before the table existed
        FileUtils.deleteDirectory(Path.of(URI.create(table)).toFile());
        assertFalse(store.exists("training_membership"));
        LineageResult created = job.run(warehouse, version, Optional.empty());
        assertEquals(6, created.membershipAdded());
        assertEquals(recordedByTrain, strings(rows));
        assertEquals(filled.recordings(), created.recordings());
    }

    @Test
    void aVersionNumberAndAnUnsetAliasAreResolvedOrRefused() {
        LineageJob job = new LineageJob(spark(), tracker);
        Path output = dir.resolve("by-number.csv");
        LineageResult byNumber = job.run(
                warehouse,
                ModelSelector.version(trained.modelVersion()),
                Optional.of(output.toUri().toString()));
        assertEquals(trained.runId(), byNumber.run().id());
        assertEquals(output.toUri().toString(), byNumber.audioList());
        assertThrows(ConfigException.class, () -> job.run(warehouse, ModelSelector.alias("nobody"), Optional.empty()));
    }

    /** The audio list's lines as a query over training_membership and recordings writes them. */
    private List<String> audioListQuery(DeltaStore store, long modelVersion) {
        List<String> lines = new java.util.ArrayList<>(List.of(String.join(",", LineageJob.AUDIO_COLUMNS)));
        spark().sql("SELECT m.recording_id || ',' || r.label || ',' || m.split || ',\"' || r.audio_uri || '\",' ||"
                        + " r.ingest_run_id FROM delta.`" + store.path("training_membership") + "` m JOIN delta.`"
                        + store.path("recordings") + "` r USING (recording_id) WHERE m.model_name = '"
                        + trained.model() + "' AND m.model_version = " + modelVersion
                        + " ORDER BY m.split, m.recording_id")
                .collectAsList()
                .forEach(r -> lines.add(r.getString(0)));
        return lines;
    }

    private List<String> strings(String sql) {
        return spark().sql(sql).collectAsList().stream()
                .map(r -> r.getString(0))
                .sorted()
                .toList();
    }

    /** Every listed object's SHA-256 is its recording id, and no subject key is written. */
    private static void assertAudioListIsContentAddressed(LineageResult result, DeltaStore store) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(URI.create(result.audioList())));
        assertEquals(String.join(",", LineageJob.AUDIO_COLUMNS), lines.get(0));
        assertEquals(result.audioObjects() + 1, lines.size());
        Map<String, String> splitOf = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            Path audio = Path.of(URI.create(fields[3].replace("\"", "")));
            assertEquals(fields[0], RecordingId.of(Files.readAllBytes(audio)), "content-addressed");
            splitOf.put(fields[0], fields[2]);
        }
        assertEquals(6, splitOf.size());
        String text = String.join("\n", lines);
        new TreeSet<>(store.read("splits")
                        .select("subject_key")
                        .as(org.apache.spark.sql.Encoders.STRING())
                        .collectAsList())
                .forEach(key -> assertFalse(text.contains(key), "no subject key in the audio list"));
    }
}
