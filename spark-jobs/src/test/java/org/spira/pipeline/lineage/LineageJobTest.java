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
