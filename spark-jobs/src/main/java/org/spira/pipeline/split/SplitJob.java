package org.spira.pipeline.split;

import static org.apache.spark.sql.functions.max;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spira.pipeline.config.SplitConfig;
import org.spira.pipeline.split.SubjectAssignment.Split;
import org.spira.pipeline.split.SubjectAssignment.Subject;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RowFields;
import org.spira.pipeline.tables.SplitsTable;
import org.spira.pipeline.tables.SplitsTable.Assignment;

/**
 * {@code split}: assigns every subject of {@code recordings} that has no split yet, by subject
 * (never by recording), and reports the class balance of each split. Only subject keys and
 * classes reach the driver, never audio or features.
 */
public final class SplitJob {
    /** The tables this job writes: the stage holds their writer leases while it runs. */
    public static final List<String> TABLES_WRITTEN = List.of(SplitsTable.NAME);

    private final SparkSession spark;
    private final SplitConfig config;

    public SplitJob(SparkSession spark, SplitConfig config) {
        this.spark = spark;
        this.config = config;
    }

    public SplitResult run(String warehouse) {
        String runId = UUID.randomUUID().toString();
        DeltaStore store = new DeltaStore(spark, warehouse);
        store.ensure(SplitsTable.CONTRACT);
        long recordingsVersion = store.version(RecordingsTable.NAME);
        Dataset<Row> recordings = store.readVersion(RecordingsTable.NAME, recordingsVersion);
        List<Subject> subjects = recordings
                .groupBy(RecordingsTable.SUBJECT_KEY)
                .agg(max(RecordingsTable.LABEL).as(SplitsTable.LABEL))
                .collectAsList()
                .stream()
                .map(r -> new Subject(
                        RowFields.string(r, RecordingsTable.SUBJECT_KEY), RowFields.integer(r, SplitsTable.LABEL)))
                .toList();
        Map<String, Split> existing = new HashMap<>();
        for (Row row : store.read(SplitsTable.NAME).collectAsList()) {
            Assignment assigned = Assignment.fromRow(row);
            existing.put(assigned.subjectKey(), Split.of(assigned.split()));
        }
        Map<String, Split> fresh = new SubjectAssignment(config).assignNew(subjects, existing);
        // With no new subject there is nothing to merge (the table exists: ensure above).
        long added = fresh.isEmpty() ? 0 : store.insertNew(SplitsTable.CONTRACT, rows(subjects, fresh, runId));
        Dataset<Row> splits = store.read(SplitsTable.NAME);
        return new SplitResult(
                runId,
                added,
                existing.size() + added,
                SplitsTable.balance(splits),
                SplitsTable.balance(recordings
                        .select(RecordingsTable.SUBJECT_KEY, RecordingsTable.LABEL)
                        .join(splits.select(SplitsTable.SUBJECT_KEY, SplitsTable.SPLIT), SplitsTable.SUBJECT_KEY)),
                recordingsVersion,
                store.version(SplitsTable.NAME));
    }

    private Dataset<Row> rows(List<Subject> subjects, Map<String, Split> fresh, String runId) {
        Timestamp now = Timestamp.from(Instant.now());
        List<Row> rows = subjects.stream()
                .filter(s -> fresh.containsKey(s.key()))
                .map(s -> new Assignment(s.key(), fresh.get(s.key()).code(), s.label(), config.seed(), runId, now)
                        .toRow())
                .toList();
        return spark.createDataFrame(rows, SplitsTable.CONTRACT.schema());
    }
}
