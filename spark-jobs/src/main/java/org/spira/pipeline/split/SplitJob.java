package org.spira.pipeline.split;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.spira.pipeline.config.PipelineConfig.SplitConfig;
import org.spira.pipeline.split.SubjectAssignment.Split;
import org.spira.pipeline.split.SubjectAssignment.Subject;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.SplitsTable;

/**
 * {@code split}: assigns every subject of {@code recordings} that has no split yet, by subject
 * (never by recording), and reports the class balance of each split. Only subject keys and
 * classes reach the driver, never audio or features.
 */
public final class SplitJob {
    private final SparkSession spark;
    private final SplitConfig config;

    public SplitJob(SparkSession spark, SplitConfig config) {
        this.spark = spark;
        this.config = config;
    }

    public SplitResult run(String warehouse) {
        String runId = UUID.randomUUID().toString();
        DeltaStore store = new DeltaStore(spark, warehouse);
        store.ensure(SplitsTable.NAME, SplitsTable.SCHEMA);
        long recordingsVersion = store.version(RecordingsTable.NAME);
        Dataset<Row> recordings = store.readVersion(RecordingsTable.NAME, recordingsVersion);
        List<Subject> subjects =
                recordings.groupBy("subject_key").agg(max("label").as("label")).collectAsList().stream()
                        .map(r -> new Subject(r.getString(0), r.getInt(1)))
                        .toList();
        Map<String, Split> existing = new HashMap<>();
        for (Row row :
                store.read(SplitsTable.NAME).select("subject_key", "split").collectAsList()) {
            existing.put(row.getString(0), Split.of(row.getString(1)));
        }
        Map<String, Split> fresh = new SubjectAssignment(config).assignNew(subjects, existing);
        long added =
                store.insertNew(SplitsTable.NAME, SplitsTable.SCHEMA, SplitsTable.KEY, rows(subjects, fresh, runId));
        Dataset<Row> splits = store.read(SplitsTable.NAME);
        return new SplitResult(
                runId,
                added,
                splits.count(),
                balance(splits),
                balance(recordings
                        .select("subject_key", "label")
                        .join(splits.select("subject_key", "split"), "subject_key")),
                recordingsVersion,
                store.version(SplitsTable.NAME));
    }

    private Dataset<Row> rows(List<Subject> subjects, Map<String, Split> fresh, String runId) {
        Timestamp now = Timestamp.from(Instant.now());
        List<Row> rows = subjects.stream()
                .filter(s -> fresh.containsKey(s.key()))
                .map(s -> RowFactory.create(s.key(), fresh.get(s.key()).code(), s.label(), config.seed(), runId, now))
                .toList();
        return spark.createDataFrame(rows, SplitsTable.SCHEMA);
    }

    /** Row counts per "split.class", e.g. {@code train.control}. */
    private static Map<String, Long> balance(Dataset<Row> rows) {
        Map<String, Long> counts = new TreeMap<>();
        for (Row row : rows.groupBy(col("split"), col("label")).count().collectAsList()) {
            counts.put(row.getString(0) + "." + (row.getInt(1) == 1 ? "patient" : "control"), row.getLong(2));
        }
        return counts;
    }
}
