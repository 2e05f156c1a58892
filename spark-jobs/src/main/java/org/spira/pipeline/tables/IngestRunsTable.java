package org.spira.pipeline.tables;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * {@code ingest_runs}: the accounting of every ingest run, kept: listed = accepted + rejected +
 * duplicates, with the table versions it left.
 */
public final class IngestRunsTable {
    public static final String NAME = "ingest_runs";
    public static final List<String> KEY = List.of("ingest_run_id");

    public static final StructType SCHEMA = createStructType(List.of(
            createStructField("ingest_run_id", StringType, false),
            createStructField("manifest_uri", StringType, false),
            createStructField("started_at", TimestampType, false),
            createStructField("listed", LongType, false),
            createStructField("accepted", LongType, false),
            createStructField("rejected", LongType, false),
            createStructField("duplicates", LongType, false),
            createStructField("recordings_version", LongType, false),
            createStructField("rejected_version", LongType, false)));

    private IngestRunsTable() {}
}
