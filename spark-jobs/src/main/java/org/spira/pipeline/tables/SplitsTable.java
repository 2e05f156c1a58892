package org.spira.pipeline.tables;

import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code splits}: one row per subject, keyed by {@code subject_key}: its split ({@code train},
 * {@code validation} or {@code test}) and class. A subject's row is written once and never
 * changed, so all recordings of a subject stay in one split as the data grows.
 */
public final class SplitsTable {
    public static final String NAME = "splits";

    public static final String SUBJECT_KEY = RecordingsTable.SUBJECT_KEY;
    public static final String SPLIT = "split";
    public static final String LABEL = RecordingsTable.LABEL;
    public static final String SEED = "seed";
    public static final String SPLIT_RUN_ID = "split_run_id";
    public static final String ASSIGNED_AT = "assigned_at";
    /** Values of {@link #SPLIT}. */
    public static final String TRAIN = "train";

    public static final String VALIDATION = "validation";
    public static final String TEST = "test";
    /** The column of {@code Dataset.groupBy(...).count()}. */
    private static final String COUNT = "count";

    public static final TableContract CONTRACT = new TableContract(
            NAME,
            createStructType(List.of(
                    createStructField(SUBJECT_KEY, StringType, false).withComment("as in `recordings`"),
                    createStructField(SPLIT, StringType, false).withComment("`train`, `validation` or `test`"),
                    createStructField(LABEL, IntegerType, false)
                            .withComment("the subject's class: 1 when any of its recordings is a patient's"),
                    createStructField(SEED, LongType, false).withComment("`spira.split.seed` of the assignment"),
                    createStructField(SPLIT_RUN_ID, StringType, false).withComment("the split run that assigned it"),
                    createStructField(ASSIGNED_AT, TimestampType, false).withComment("when"))),
            List.of(SUBJECT_KEY));

    /** A row of {@code splits}: a subject's split, written once. */
    public record Assignment(
            String subjectKey, String split, int label, long seed, String splitRunId, Timestamp assignedAt) {

        public Row toRow() {
            return CONTRACT.row()
                    .set(SUBJECT_KEY, subjectKey)
                    .set(SPLIT, split)
                    .set(LABEL, label)
                    .set(SEED, seed)
                    .set(SPLIT_RUN_ID, splitRunId)
                    .set(ASSIGNED_AT, assignedAt)
                    .build();
        }

        public static Assignment fromRow(Row row) {
            return new Assignment(
                    RowFields.string(row, SUBJECT_KEY),
                    RowFields.string(row, SPLIT),
                    RowFields.integer(row, LABEL),
                    RowFields.longValue(row, SEED),
                    RowFields.string(row, SPLIT_RUN_ID),
                    RowFields.timestamp(row, ASSIGNED_AT));
        }
    }

    private SplitsTable() {}

    /**
     * Row counts per {@code split.class}, e.g. {@code train.control}, of rows with the {@code split}
     * and {@code label} columns.
     */
    public static Map<String, Long> balance(Dataset<Row> rows) {
        Map<String, Long> counts = new TreeMap<>();
        for (Row row : rows.groupBy(SPLIT, LABEL).count().collectAsList()) {
            counts.put(
                    RowFields.string(row, SPLIT) + "." + (RowFields.integer(row, LABEL) == 1 ? "patient" : "control"),
                    RowFields.longValue(row, COUNT));
        }
        return counts;
    }
}
