package org.spira.pipeline.tables;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.RecordingId;
import org.spira.features.testing.SharedData;
import org.spira.pipeline.DeltaSparkTestBase;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.featurize.FeaturizeJob;
import org.spira.pipeline.featurize.FeaturizeResult;
import org.spira.pipeline.ingest.IngestJob;
import org.spira.pipeline.ingest.IngestResult;

/**
 * A warehouse written before the feature spec left {@code recordings} (which then had a {@code
 * windows} column) and before {@code rejected} had a {@code feature_version}, a {@code stage} and a
 * {@code run_id} (it had an {@code ingest_run_id} holding either stage's run id), its tables
 * created as the stages created them then: the stages read and write it, its rows keep their
 * values and gain the stage and run that rejected them, and a rerun still changes nothing.
 */
class EarlierTablesTest extends DeltaSparkTestBase {
    /** The retired column of recordings: the window count of the 4 s spec. */
    private static final String WINDOWS = "windows";

    /** recordings before the feature spec: today's columns with windows after duration_s. */
    private static final TableContract RECORDINGS_BEFORE =
            new TableContract(RecordingsTable.NAME, recordingsBefore(), RecordingsTable.CONTRACT.key());

    /** rejected before feature_version, stage and run_id: ingest_run_id held the run id. */
    private static final TableContract REJECTED_BEFORE = new TableContract(
            RejectedTable.NAME,
            DataTypes.createStructType(List.of(
                    field(RejectedTable.MANIFEST_URI, DataTypes.StringType, false),
                    field(RejectedTable.MANIFEST_ROW, DataTypes.LongType, false),
                    field(RejectedTable.SOURCE_KEY, DataTypes.StringType, true),
                    field(RejectedTable.RECORDING_ID, DataTypes.StringType, true),
                    field(RejectedTable.REASON, DataTypes.StringType, false),
                    field(RejectedTable.MESSAGE, DataTypes.StringType, false),
                    field(RejectedTable.RETIRED_INGEST_RUN_ID, DataTypes.StringType, false),
                    field(RejectedTable.REJECTED_AT, DataTypes.TimestampType, false))),
            List.of(
                    RejectedTable.MANIFEST_URI,
                    RejectedTable.MANIFEST_ROW,
                    RejectedTable.SOURCE_KEY,
                    RejectedTable.REASON));

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
        store.read(RecordingsTable.NAME)
                .collectAsList()
                .forEach(r -> recordings.put(RowFields.string(r, RecordingsTable.RECORDING_ID), r));
        assertEquals(2, recordings.size());
        assertEquals(2, RowFields.integer(recordings.get(oldId), WINDOWS), "old rows keep their values");
        String newId = RecordingId.of(SharedData.bytes(SharedData.root().resolve(NEW_RECORDING)));
        Assertions.assertTrue(
                recordings.get(newId).isNullAt(recordings.get(newId).fieldIndex(WINDOWS)),
                "new rows leave the retired column empty");
        assertEquals(
                2,
                store.read(RejectedTable.NAME)
                        .where(col(RejectedTable.FEATURE_VERSION).isNull())
                        .count());
        Map<String, Row> rejects = new java.util.HashMap<>();
        store.read(RejectedTable.NAME)
                .collectAsList()
                .forEach(r -> rejects.put(RowFields.string(r, RejectedTable.SOURCE_KEY), r));
        Row old = rejects.remove("earlier-source-key-2");
        assertEquals(
                List.of("ingest", "earlier-run", "earlier-run"),
                List.of(
                        RowFields.string(old, RejectedTable.STAGE),
                        RowFields.string(old, RejectedTable.RUN_ID),
                        RowFields.string(old, RejectedTable.RETIRED_INGEST_RUN_ID)),
                "an old reject gains its stage and run, and keeps the retired column's value");
        Row fresh = rejects.values().iterator().next();
        assertEquals(
                Arrays.asList("ingest", ingest.runId(), null),
                Arrays.asList(
                        RowFields.string(fresh, RejectedTable.STAGE),
                        RowFields.string(fresh, RejectedTable.RUN_ID),
                        RowFields.string(fresh, RejectedTable.RETIRED_INGEST_RUN_ID)),
                "a new reject names its stage and run, and leaves the retired column empty");

        PipelineConfig defaults = PipelineConfig.defaults();
        FeaturizeResult featurized =
                new FeaturizeJob(spark(), defaults.featurize(), defaults.features()).run(warehouse);
        assertEquals(List.of(2L, 0L), List.of(featurized.recordings(), featurized.rejected()));
        assertEquals(
                2,
                store.read(FeaturesTable.NAME)
                        .select(FeaturesTable.RECORDING_ID)
                        .distinct()
                        .count());

        long recordingsVersion = store.version(RecordingsTable.NAME);
        long rejectedVersion = store.version(RejectedTable.NAME);
        ingest(warehouse);
        assertEquals(recordingsVersion, store.version(RecordingsTable.NAME), "the table is evolved once");
        assertEquals(rejectedVersion, store.version(RejectedTable.NAME), "the table is evolved once");
    }

    @Test
    void ensureGivesTheRejectsOfEitherStageTheirStageAndRunOnce() {
        DeltaStore store =
                new DeltaStore(spark(), dir.resolve("warehouse").toUri().toString());
        List<StructField> fields =
                new ArrayList<>(List.of(REJECTED_BEFORE.schema().fields()));
        fields.add(field(RejectedTable.FEATURE_VERSION, DataTypes.StringType, true));
        List<String> key = new ArrayList<>(REJECTED_BEFORE.key());
        key.add(RejectedTable.FEATURE_VERSION);
        TableContract before = new TableContract(RejectedTable.NAME, DataTypes.createStructType(fields), key);
        Timestamp then = Timestamp.from(Instant.parse("2026-12-01T00:00:00Z"));
        Row ofIngest = earlierReject(before, 1L, null, "earlier-ingest-run", then);
        Row ofFeaturize = earlierReject(before, 2L, "earlier-feature-version", "earlier-featurize-run", then);
        store.insertNew(before, spark().createDataFrame(List.of(ofIngest, ofFeaturize), before.schema()));

        store.ensure(RejectedTable.CONTRACT);
        long version = store.version(RejectedTable.NAME);
        store.ensure(RejectedTable.CONTRACT);

        assertEquals(version, store.version(RejectedTable.NAME), "the rows are filled once");
        Map<Long, List<String>> stageAndRun = new java.util.TreeMap<>();
        for (Row row : store.read(RejectedTable.NAME).collectAsList()) {
            stageAndRun.put(
                    RowFields.longValue(row, RejectedTable.MANIFEST_ROW),
                    List.of(RowFields.string(row, RejectedTable.STAGE), RowFields.string(row, RejectedTable.RUN_ID)));
        }
        assertEquals(
                Map.of(
                        1L, List.of("ingest", "earlier-ingest-run"),
                        2L, List.of("featurize", "earlier-featurize-run")),
                stageAndRun);
    }

    private static Row earlierReject(
            TableContract before, long manifestRow, String featureVersion, String runId, Timestamp at) {
        return before.row()
                .set(RejectedTable.MANIFEST_URI, "file:///earlier/manifest.csv")
                .set(RejectedTable.MANIFEST_ROW, manifestRow)
                .set(RejectedTable.REASON, "too_short")
                .set(RejectedTable.MESSAGE, "shorter than one window")
                .set(RejectedTable.FEATURE_VERSION, featureVersion)
                .set(RejectedTable.RETIRED_INGEST_RUN_ID, runId)
                .set(RejectedTable.REJECTED_AT, at)
                .build();
    }

    /** recordings and rejected as the stages wrote them before, one row each; returns the recording's id. */
    private String writeEarlierTables(DeltaStore store) throws Exception {
        byte[] audio = SharedData.bytes(SharedData.root().resolve(OLD_RECORDING));
        String id = RecordingId.of(audio);
        Path copy = Files.createDirectories(dir.resolve("warehouse/audio")).resolve(id);
        Files.write(copy, audio);
        Timestamp then = Timestamp.from(Instant.parse("2026-11-01T00:00:00Z"));
        Row recording = RowBuilder.of(RECORDINGS_BEFORE.schema())
                .set(RecordingsTable.RECORDING_ID, id)
                .set(RecordingsTable.SUBJECT_KEY, "earlier-subject-key")
                .set(RecordingsTable.LABEL, 0)
                .set(RecordingsTable.AUDIO_URI, copy.toUri().toString())
                .set(RecordingsTable.SOURCE_KEY, "earlier-source-key")
                .set(RecordingsTable.FORMAT, "wav_pcm16")
                .set(RecordingsTable.SAMPLE_RATE, 16_000)
                .set(RecordingsTable.CHANNELS, 1)
                .set(RecordingsTable.DURATION_S, 94_208 / 16_000.0)
                .set(WINDOWS, 2)
                .set(RecordingsTable.METADATA, Map.of())
                .set(RecordingsTable.MANIFEST_URI, "file:///earlier/manifest.csv")
                .set(RecordingsTable.MANIFEST_ROW, 1L)
                .set(RecordingsTable.INGEST_RUN_ID, "earlier-run")
                .set(RecordingsTable.INGESTED_AT, then)
                .build();
        Row rejected = RowBuilder.of(REJECTED_BEFORE.schema())
                .set(RejectedTable.MANIFEST_URI, "file:///earlier/manifest.csv")
                .set(RejectedTable.MANIFEST_ROW, 2L)
                .set(RejectedTable.SOURCE_KEY, "earlier-source-key-2")
                .set(RejectedTable.REASON, "too_short")
                .set(RejectedTable.MESSAGE, "3.1 s")
                .set(RejectedTable.RETIRED_INGEST_RUN_ID, "earlier-run")
                .set(RejectedTable.REJECTED_AT, then)
                .build();
        store.insertNew(RECORDINGS_BEFORE, spark().createDataFrame(List.of(recording), RECORDINGS_BEFORE.schema()));
        store.insertNew(REJECTED_BEFORE, spark().createDataFrame(List.of(rejected), REJECTED_BEFORE.schema()));
        return id;
    }

    private static StructType recordingsBefore() {
        List<StructField> fields = new ArrayList<>();
        for (StructField field : RecordingsTable.CONTRACT.schema().fields()) {
            fields.add(field);
            if (field.name().equals(RecordingsTable.DURATION_S)) {
                fields.add(field(WINDOWS, DataTypes.IntegerType, false));
            }
        }
        return DataTypes.createStructType(fields);
    }

    private static StructField field(String name, DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable).withComment("as written before");
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
