package org.spira.pipeline.tables;

import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * {@code splits}: one row per subject, keyed by {@code subject_key}: its split ({@code train},
 * {@code validation} or {@code test}) and class. A subject's row is written once and never
 * changed, so all recordings of a subject stay in one split as the data grows.
 */
public final class SplitsTable {
    public static final String NAME = "splits";
    public static final List<String> KEY = List.of("subject_key");

    public static final StructType SCHEMA = createStructType(List.of(
            createStructField("subject_key", StringType, false),
            createStructField("split", StringType, false),
            createStructField("label", IntegerType, false),
            createStructField("seed", LongType, false),
            createStructField("split_run_id", StringType, false),
            createStructField("assigned_at", TimestampType, false)));

    private SplitsTable() {}
}
