package org.spira.pipeline.tables;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * {@code rejected}: one row per manifest row that could not be accepted, with a stable reason
 * code (the audio codes of {@code org.spira.features.RejectReason} and the manifest codes of
 * {@code ManifestRejectReason}) and a message that names no file and no person. The row is
 * found again by {@code manifest_uri} and {@code manifest_row} (1-based, header excluded);
 * {@code source_key} is the keyed HMAC of the resolved source URI (null without a path) and
 * {@code recording_id} is null when the file could not be read.
 *
 * <p>Ingest rejects what no feature spec could use ({@code feature_version} null). Featurize
 * rejects an accepted recording that one feature version cannot use (too short for its window,
 * silent, damaged sample data) with that {@code feature_version}, and its own run id in {@code
 * ingest_run_id}. Keyed by (manifest_uri, manifest_row, source_key, reason, feature_version):
 * rerunning the same manifest or the same featurization adds nothing. Tables written before
 * had no {@code feature_version}; {@link DeltaStore#ensure} adds it, null on their rows.
 */
public final class RejectedTable {
    public static final String NAME = "rejected";
    public static final List<String> KEY =
            List.of("manifest_uri", "manifest_row", "source_key", "reason", "feature_version");

    public static final StructType SCHEMA = createStructType(List.of(
            createStructField("manifest_uri", StringType, false),
            createStructField("manifest_row", LongType, false),
            createStructField("source_key", StringType, true),
            createStructField("recording_id", StringType, true),
            createStructField("reason", StringType, false),
            createStructField("message", StringType, false),
            createStructField("ingest_run_id", StringType, false),
            createStructField("rejected_at", TimestampType, false),
            createStructField("feature_version", StringType, true)));

    private RejectedTable() {}
}
