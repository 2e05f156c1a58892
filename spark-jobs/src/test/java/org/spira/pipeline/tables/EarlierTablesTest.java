package org.spira.pipeline.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.RecordingId;
import org.spira.features.testing.SharedData;
import org.spira.pipeline.DeltaSparkTestBase;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.featurize.FeaturizeJob;
import org.spira.pipeline.featurize.FeaturizeResult;
import org.spira.pipeline.ingest.IngestJob;
import org.spira.pipeline.ingest.IngestResult;
import org.spira.pipeline.ingest.SubjectPseudonymizer;

/**
 * A warehouse written before the feature spec left {@code recordings} (which then had a {@code
 * windows} column) and before {@code rejected} had a {@code feature_version}, its tables created
 * as the stages created them then: the stages read and write it, its rows keep their values, and
 * a rerun still changes nothing.
 */
class EarlierTablesTest extends DeltaSparkTestBase {
    private static final String OLD_RECORDING = "public/audio/0Rlzhiz6bybk77wdLjxwy7yLDhg1/counting-fast.wav";
    private static final String NEW_RECORDING = "public/audio/L7S8iIPKgiO6QWLC3mGkROCMa0s1/counting-fast.wav";

    @TempDir
    Path dir;

    @Test
    void ingestAndFeaturizeReadAndWriteThemAndARerunChangesNothing() throws Exception {
        String warehouse = dir.resolve("warehouse").toUri().toString();
        DeltaStore store = new DeltaStore(spark(), warehouse);
        String oldId = writeEarlierTables(store);

        IngestResult ingest = ingest(warehouse);
        assertEquals(List.of(1L, 1L), List.of(ingest.accepted(), ingest.rejected()));
        Map<String, Row> recordings = new java.util.HashMap<>();
        store.read(RecordingsTable.NAME).collectAsList().forEach(r -> recordings.put(r.getAs("recording_id"), r));
        assertEquals(2, recordings.size());
        assertEquals(2, recordings.get(oldId).<Integer>getAs("windows"), "old rows keep their values");
        String newId = RecordingId.of(SharedData.bytes(SharedData.root().resolve(NEW_RECORDING)));
        assertNull(recordings.get(newId).getAs("windows"), "new rows leave the retired column empty");
        assertEquals(
                2,
                store.read(RejectedTable.NAME).where("feature_version IS NULL").count());

        PipelineConfig defaults = PipelineConfig.defaults();
        FeaturizeResult featurized =
                new FeaturizeJob(spark(), defaults.featurize(), defaults.features()).run(warehouse);
        assertEquals(List.of(2L, 0L), List.of(featurized.recordings(), featurized.rejected()));
        assertEquals(
                2,
                store.read(FeaturesTable.NAME).select("recording_id").distinct().count());

        long recordingsVersion = store.version(RecordingsTable.NAME);
        long rejectedVersion = store.version(RejectedTable.NAME);
        ingest(warehouse);
        assertEquals(recordingsVersion, store.version(RecordingsTable.NAME), "the table is evolved once");
        assertEquals(rejectedVersion, store.version(RejectedTable.NAME), "the table is evolved once");
    }

    /** recordings and rejected as the stages wrote them before, one row each; returns the recording's id. */
    private String writeEarlierTables(DeltaStore store) throws Exception {
        byte[] audio = SharedData.bytes(SharedData.root().resolve(OLD_RECORDING));
        String id = RecordingId.of(audio);
        Path copy = Files.createDirectories(dir.resolve("warehouse/audio")).resolve(id);
        Files.write(copy, audio);
        Timestamp then = Timestamp.from(Instant.parse("2026-11-01T00:00:00Z"));
        Row recording = RowFactory.create(
                id,
                "earlier-subject-key",
                0,
                copy.toUri().toString(),
                "earlier-source-key",
                "wav_pcm16",
                16_000,
                1,
                94_208 / 16_000.0,
                2,
                scala.collection.JavaConverters.mapAsScalaMap(new java.util.HashMap<String, String>()),
                "file:///earlier/manifest.csv",
                1L,
                "earlier-run",
                then);
        Row rejected = RowFactory.create(
                "file:///earlier/manifest.csv",
                2L,
                "earlier-source-key-2",
                null,
                "too_short",
                "3.1 s",
                "earlier-run",
                then);
        StructType recordings = earlierRecordingsSchema();
        StructType rejects = new StructType(
                java.util.Arrays.copyOf(RejectedTable.SCHEMA.fields(), RejectedTable.SCHEMA.fields().length - 1));
        store.insertNew(
                RecordingsTable.NAME,
                recordings,
                RecordingsTable.KEY,
                spark().createDataFrame(List.of(recording), recordings));
        store.insertNew(
                RejectedTable.NAME,
                rejects,
                List.of("manifest_uri", "manifest_row", "source_key", "reason"),
                spark().createDataFrame(List.of(rejected), rejects));
        return id;
    }

    /** Today's recordings schema with the windows column after duration_s, where it was. */
    private static StructType earlierRecordingsSchema() {
        List<StructField> fields = new ArrayList<>();
        for (StructField field : RecordingsTable.SCHEMA.fields()) {
            fields.add(field);
            if (field.name().equals("duration_s")) {
                fields.add(DataTypes.createStructField("windows", DataTypes.IntegerType, false));
            }
        }
        return DataTypes.createStructType(fields);
    }

    private IngestResult ingest(String warehouse) throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.wav"), "not audio");
        String csv = "path,subject_id,label\n" + SharedData.root().resolve(NEW_RECORDING) + ",s2,patient\n" + garbage
                + ",s2,patient\n";
        Path manifest = Files.writeString(dir.resolve("manifest.csv"), csv);
        SubjectPseudonymizer key = SubjectPseudonymizer.fromEnvironment(
                Map.of(SubjectPseudonymizer.KEY_VARIABLE, "a-test-key-of-32-characters-long"), Optional.empty());
        IngestResult result = new IngestJob(spark(), PipelineConfig.defaults().ingest(), key)
                .run(warehouse, manifest.toUri().toString());
        assertEquals(2, result.listed(), "both manifest rows are judged");
        return result;
    }
}
