package org.spira.pipeline.maintain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.testing.SharedData;
import org.spira.pipeline.DeltaSparkTestBase;
import org.spira.pipeline.config.MaintainConfig;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.ingest.IngestJob;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.RecordingsTable;

class MaintainJobTest extends DeltaSparkTestBase {
    private static final String[] SUBJECTS = {
        "0Rlzhiz6bybk77wdLjxwy7yLDhg1", "0zexHIcM7tQDdnFiEj2Eb0v3g212", "1AuoEhB8vAfCtxTFFV0W916yBqA3"
    };

    @TempDir
    Path dir;

    /** One ingest run per subject: a daily increment each, a few small files in every table it writes. */
    private String warehouseOfThreeIncrements() throws Exception {
        String warehouse = dir.resolve("warehouse").toUri().toString();
        SubjectPseudonymizer key = SubjectPseudonymizer.fromEnvironment(
                Map.of(SubjectPseudonymizer.KEY_VARIABLE, "a-test-key-of-32-characters-long"), Optional.empty());
        IngestJob ingest = new IngestJob(spark(), PipelineConfig.defaults().ingest(), key);
        for (String subject : SUBJECTS) {
            Path audio = SharedData.root().resolve("public/audio/" + subject + "/counting-fast.wav");
            Path manifest = Files.writeString(
                    dir.resolve(subject + ".csv"), "path,subject_id,label\n" + audio + "," + subject + ",control\n");
            ingest.run(warehouse, manifest.toUri().toString());
        }
        return warehouse;
    }

    private List<String> recordingIds(DeltaStore store, long version) {
        return store
                .readVersion(RecordingsTable.NAME, version)
                .select(RecordingsTable.RECORDING_ID)
                .orderBy(RecordingsTable.RECORDING_ID)
                .collectAsList()
                .stream()
                .map(row -> row.getString(0))
                .toList();
    }

    /** The operations of the table's versions after {@code version}, oldest first (Delta's history). */
    private List<String> operationsAfter(String warehouse, long version) {
        return DeltaTable.forPath(spark(), warehouse + "/" + RecordingsTable.NAME)
                .history()
                .where("version > " + version)
                .orderBy("version")
                .select("operation")
                .collectAsList()
                .stream()
                .map(row -> row.getString(0))
                .toList();
    }

    @Test
    void compactsEveryTableKeepsItsRowsAndVacuumsOnlyPastTheRetention() throws Exception {
        String warehouse = warehouseOfThreeIncrements();
        DeltaStore store = new DeltaStore(spark(), warehouse);
        long before = store.version(RecordingsTable.NAME);
        List<String> rows = recordingIds(store, before);
        assertEquals(3, rows.size());
        long storedBefore = store.stored(RecordingsTable.NAME).files();

        MaintainResult kept = new MaintainJob(spark(), PipelineConfig.defaults().maintain()).run(warehouse);
        MaintainResult.Table recordings = kept.maintained().get(RecordingsTable.NAME);
        Assertions.assertTrue(recordings.filesBefore() >= 3, "one file per increment at least: " + recordings);
        assertEquals(1, recordings.filesAfter(), "compacted into one file: " + recordings);
        assertEquals(
                List.of("OPTIMIZE", "VACUUM START", "VACUUM END"),
                operationsAfter(warehouse, before),
                "one compaction, and the VACUUM's own log entries");
        assertEquals(before + 3, recordings.version());
        assertEquals(rows, recordingIds(store, recordings.version()), "the rows do not change");
        kept.filesDeleted().forEach((table, files) -> assertEquals(0L, files, table + ": within the 720 h retention"));
        assertEquals(storedBefore + 1, recordings.filesStored(), "the compacted file beside the small ones");
        assertEquals(rows, recordingIds(store, before), "the version before compaction is still readable");
        Assertions.assertTrue(
                kept.maintained().keySet().containsAll(List.of("recordings", "rejected", "ingest_runs")),
                "every table that exists is maintained: " + kept.maintained().keySet());

        MaintainResult vacuumed = new MaintainJob(spark(), new MaintainConfig(0)).run(warehouse);
        MaintainResult.Table after = vacuumed.maintained().get(RecordingsTable.NAME);
        assertEquals(
                List.of("VACUUM START", "VACUUM END"),
                operationsAfter(warehouse, recordings.version()),
                "nothing left to compact: no compaction");
        assertEquals(after.filesAfter(), after.filesStored(), "retention 0: only the latest version's files are kept");
        assertEquals(storedBefore, after.filesDeleted(), "the small files compaction replaced are deleted");
        Assertions.assertTrue(after.bytesDeleted() > 0);
        assertEquals(rows, recordingIds(store, after.version()));

        MaintainResult rerun = new MaintainJob(spark(), new MaintainConfig(0)).run(warehouse);
        assertEquals(
                List.of("VACUUM START", "VACUUM END"),
                operationsAfter(warehouse, after.version()),
                "a rerun compacts nothing");
        Assertions.assertTrue(
                rerun.maintained().values().stream().allMatch(table -> table.filesBefore() == table.filesAfter()),
                "a rerun compacts nothing: " + rerun.maintained());
        rerun.filesDeleted().forEach((table, files) -> assertEquals(0L, files, table + ": nothing left to delete"));
    }

    @Test
    void anEmptyWarehouseHasNothingToMaintain() {
        MaintainResult result = new MaintainJob(
                        spark(), PipelineConfig.defaults().maintain())
                .run(dir.resolve("empty").toUri().toString());
        Assertions.assertTrue(result.maintained().isEmpty());
        assertEquals(Map.of(), result.tables());
    }
}
