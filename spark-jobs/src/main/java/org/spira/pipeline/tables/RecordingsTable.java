package org.spira.pipeline.tables;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * {@code recordings}: one row per accepted recording, keyed by {@code recording_id} (SHA-256 of
 * the file bytes, so the same audio is never stored twice). Nothing in it identifies a person:
 * {@code subject_key} is the keyed HMAC of the subject id, and since file names often carry
 * participant ids, the source location is kept only as {@code source_key} (the keyed HMAC of
 * its URI); the audio itself is copied to {@code audio_uri}, a content-addressed object
 * {@code <warehouse>/audio/<recording_id>} that later stages read and that never changes.
 *
 * <p>Nothing in it depends on a feature spec: format, rate, channels and duration are the
 * source's, from its header. Tables written before have a {@code windows} column (the window
 * count of the 4 s spec): their rows keep it, and the rows added now leave it null.
 */
public final class RecordingsTable {
    public static final String NAME = "recordings";
    public static final List<String> KEY = List.of("recording_id");

    public static final StructType SCHEMA = createStructType(List.of(
            createStructField("recording_id", StringType, false),
            createStructField("subject_key", StringType, false),
            createStructField("label", IntegerType, false),
            createStructField("audio_uri", StringType, false),
            createStructField("source_key", StringType, false),
            createStructField("format", StringType, false),
            createStructField("sample_rate", IntegerType, false),
            createStructField("channels", IntegerType, false),
            createStructField("duration_s", DoubleType, false),
            createStructField("metadata", createMapType(StringType, StringType, true), false),
            createStructField("manifest_uri", StringType, false),
            createStructField("manifest_row", LongType, false),
            createStructField("ingest_run_id", StringType, false),
            createStructField("ingested_at", TimestampType, false)));

    private RecordingsTable() {}
}
