package org.spira.pipeline.tables;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * {@code ingest_runs}: the accounting of every ingest run, kept: listed = accepted + rejected +
 * duplicates, with the table versions it left.
 */
public final class IngestRunsTable {
    public static final String NAME = "ingest_runs";

    public static final String INGEST_RUN_ID = RecordingsTable.INGEST_RUN_ID;
    public static final String MANIFEST_URI = RecordingsTable.MANIFEST_URI;
    public static final String STARTED_AT = "started_at";
    public static final String LISTED = "listed";
    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";
    public static final String DUPLICATES = "duplicates";
    public static final String RECORDINGS_VERSION = "recordings_version";
    public static final String REJECTED_VERSION = "rejected_version";

    public static final TableContract CONTRACT = new TableContract(
            NAME,
            createStructType(List.of(
                    createStructField(INGEST_RUN_ID, StringType, false).withComment("the run"),
                    createStructField(MANIFEST_URI, StringType, false).withComment("the manifest it read"),
                    createStructField(STARTED_AT, TimestampType, false).withComment("when it started"),
                    createStructField(LISTED, LongType, false).withComment("rows of the manifest"),
                    createStructField(ACCEPTED, LongType, false).withComment("recordings it added to `recordings`"),
                    createStructField(REJECTED, LongType, false).withComment("manifest rows it rejected"),
                    createStructField(DUPLICATES, LongType, false)
                            .withComment("rows whose bytes were already accepted: listed - accepted - rejected"),
                    createStructField(RECORDINGS_VERSION, LongType, false)
                            .withComment("the version of `recordings` it left"),
                    createStructField(REJECTED_VERSION, LongType, false)
                            .withComment("the version of `rejected` it left"))),
            List.of(INGEST_RUN_ID));

    /** A row of {@code ingest_runs}. */
    public record IngestRun(
            String ingestRunId,
            String manifestUri,
            Timestamp startedAt,
            long listed,
            long accepted,
            long rejected,
            long duplicates,
            long recordingsVersion,
            long rejectedVersion) {

        public Row toRow() {
            return CONTRACT.row()
                    .set(INGEST_RUN_ID, ingestRunId)
                    .set(MANIFEST_URI, manifestUri)
                    .set(STARTED_AT, startedAt)
                    .set(LISTED, listed)
                    .set(ACCEPTED, accepted)
                    .set(REJECTED, rejected)
                    .set(DUPLICATES, duplicates)
                    .set(RECORDINGS_VERSION, recordingsVersion)
                    .set(REJECTED_VERSION, rejectedVersion)
                    .build();
        }

        /** The run of a row holding this table's columns (and possibly others). */
        public static IngestRun fromRow(Row row) {
            return new IngestRun(
                    RowFields.string(row, INGEST_RUN_ID),
                    RowFields.string(row, MANIFEST_URI),
                    RowFields.timestamp(row, STARTED_AT),
                    RowFields.longValue(row, LISTED),
                    RowFields.longValue(row, ACCEPTED),
                    RowFields.longValue(row, REJECTED),
                    RowFields.longValue(row, DUPLICATES),
                    RowFields.longValue(row, RECORDINGS_VERSION),
                    RowFields.longValue(row, REJECTED_VERSION));
        }
    }

    private IngestRunsTable() {}
}
