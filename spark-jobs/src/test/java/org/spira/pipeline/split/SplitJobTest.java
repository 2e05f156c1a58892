package org.spira.pipeline.split;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.testing.SharedData;
import org.spira.pipeline.DeltaSparkTestBase;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.ingest.IngestJob;
import org.spira.pipeline.tables.DeltaStore;

class SplitJobTest extends DeltaSparkTestBase {
    @TempDir
    Path dir;

    private void ingest(String warehouse, String name, String... subjects) throws Exception {
        StringBuilder csv = new StringBuilder("path,subject_id,label\n");
        for (String subject : subjects) {
            Path audio = SharedData.root().resolve("public/audio/" + subject + "/counting-fast.wav");
            csv.append(audio).append(',').append(subject).append(",control\n");
        }
        Path manifest = Files.writeString(dir.resolve(name), csv);
        SubjectPseudonymizer key = SubjectPseudonymizer.fromEnvironment(
                Map.of(SubjectPseudonymizer.KEY_VARIABLE, "a-test-key-of-32-characters-long"), Optional.empty());
        new IngestJob(spark(), PipelineConfig.defaults().ingest(), key)
                .run(warehouse, manifest.toUri().toString());
    }

    private Map<String, String> splits(String warehouse) {
        Map<String, String> splits = new HashMap<>();
        for (Row row : new DeltaStore(spark(), warehouse).read("splits").collectAsList()) {
            splits.put(row.getAs("subject_key"), row.getAs("split"));
        }
        return splits;
    }

    @Test
    void assignsSubjectsOnceAndKeepsThemAsSubjectsAreAdded() throws Exception {
        String warehouse = dir.resolve("warehouse").toUri().toString();
        ingest(warehouse, "a.csv", "0Rlzhiz6bybk77wdLjxwy7yLDhg1", "0zexHIcM7tQDdnFiEj2Eb0v3g212");
        SplitJob job = new SplitJob(spark(), PipelineConfig.defaults().split());
        SplitResult first = job.run(warehouse);
        assertEquals(2, first.newSubjects());
        Map<String, String> before = splits(warehouse);

        SplitResult rerun = job.run(warehouse);
        assertEquals(0, rerun.newSubjects());
        assertEquals(first.splitsVersion(), rerun.splitsVersion(), "a rerun writes no version");

        ingest(warehouse, "b.csv", "1AuoEhB8vAfCtxTFFV0W916yBqA3");
        SplitResult later = job.run(warehouse);
        assertEquals(1, later.newSubjects());
        Map<String, String> after = splits(warehouse);
        before.forEach((subject, split) -> assertEquals(split, after.get(subject), "an assigned subject never moves"));
        assertEquals(
                3L,
                later.recordingsBySplitAndClass().values().stream()
                        .mapToLong(Long::longValue)
                        .sum());
    }
}
