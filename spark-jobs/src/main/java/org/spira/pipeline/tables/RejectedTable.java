package org.spira.pipeline.tables;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code rejected}: one row per manifest row that could not be accepted, or per accepted
 * recording a feature version cannot use, with a stable reason code (the audio codes of {@code
 * org.spira.features.RejectReason} and the manifest codes of {@code ManifestRejectReason}) and a
 * message that names no file and no person. The row is found again by {@code manifest_uri} and
 * {@code manifest_row} (1-based, header excluded); {@code source_key} is the keyed HMAC of the
 * resolved source URI (null without a path) and {@code recording_id} is null when the file could
 * not be read. {@code stage} and {@code run_id} say which stage's run rejected it.
 *
 * <p>Ingest rejects what no feature spec could use ({@code feature_version} null). Featurize
 * rejects an accepted recording that one feature version cannot use (too short for its window,
 * silent, damaged sample data) with that {@code feature_version}; score rejects a recording it
 * cannot featurize with its model's feature version (the same reasons, or its audio object
 * missing: {@code unreadable}). Keyed by (manifest_uri, manifest_row, source_key, reason,
 * feature_version): rerunning the same manifest, featurization or scoring adds nothing, and a
 * recording a feature version cannot use for one reason is one row, whichever stage found it
 * first.
 *
 * <p>Tables written before had no {@code feature_version} ({@link DeltaStore#ensure} adds it,
 * null on their rows), and no {@code stage} and {@code run_id} but an {@code ingest_run_id},
 * which held the run id of either stage: ensure adds both and fills them in the old rows from
 * {@code ingest_run_id} (stage {@code featurize} where {@code feature_version} is set, else
 * {@code ingest}); {@code ingest_run_id} stays, with its old values, and the rows added now leave
 * it null.
 */
public final class RejectedTable {
    public static final String NAME = "rejected";

    public static final String MANIFEST_URI = RecordingsTable.MANIFEST_URI;
    public static final String MANIFEST_ROW = RecordingsTable.MANIFEST_ROW;
    public static final String SOURCE_KEY = RecordingsTable.SOURCE_KEY;
    public static final String RECORDING_ID = RecordingsTable.RECORDING_ID;
    public static final String FEATURE_VERSION = "feature_version";
    public static final String REASON = "reason";
    public static final String MESSAGE = "message";
    public static final String STAGE = "stage";
    public static final String RUN_ID = "run_id";
    public static final String REJECTED_AT = "rejected_at";
    /** Retired: the run id of either stage, in tables written before {@link #STAGE} and {@link #RUN_ID}. */
    static final String RETIRED_INGEST_RUN_ID = "ingest_run_id";

    /** The stage that rejected a row. */
    public enum Stage {
        INGEST,
        FEATURIZE,
        SCORE;

        /** The value of the {@code stage} column. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final TableContract CONTRACT = new TableContract(
            NAME,
            createStructType(List.of(
                    createStructField(MANIFEST_URI, StringType, false).withComment("the manifest of the row"),
                    createStructField(MANIFEST_ROW, LongType, false)
                            .withComment("the manifest row, 1-based, header excluded"),
                    createStructField(SOURCE_KEY, StringType, true)
                            .withComment("keyed HMAC of the resolved source URI; null without a path"),
                    createStructField(RECORDING_ID, StringType, true)
                            .withComment("SHA-256 of the bytes; null when the file could not be read"),
                    createStructField(FEATURE_VERSION, StringType, true)
                            .withComment("the feature version that cannot use the recording; null for ingest's"
                                    + " rejects"),
                    createStructField(REASON, StringType, false).withComment("a reason code (below)"),
                    createStructField(MESSAGE, StringType, false)
                            .withComment("what was wrong, naming no file and no person"),
                    createStructField(STAGE, StringType, false).withComment("`ingest`, `featurize` or `score`"),
                    createStructField(RUN_ID, StringType, false).withComment("the run of that stage"),
                    createStructField(REJECTED_AT, TimestampType, false).withComment("when that run rejected it"))),
            List.of(MANIFEST_URI, MANIFEST_ROW, SOURCE_KEY, REASON, FEATURE_VERSION),
            Map.of(
                    STAGE,
                    "CASE WHEN " + FEATURE_VERSION + " IS NULL THEN '" + Stage.INGEST.code() + "' ELSE '"
                            + Stage.FEATURIZE.code() + "' END",
                    RUN_ID,
                    RETIRED_INGEST_RUN_ID));

    private RejectedTable() {}

    /**
     * The rejected rows of {@code rejects}, which must hold the columns {@code manifest_uri,
     * manifest_row, source_key, recording_id, feature_version, reason, message}, stamped with the
     * stage and run that rejected them.
     */
    public static Dataset<Row> rows(Dataset<Row> rejects, Stage stage, String runId, Timestamp at) {
        return rejects.withColumn(STAGE, lit(stage.code()))
                .withColumn(RUN_ID, lit(runId))
                .withColumn(REJECTED_AT, lit(at))
                .select(CONTRACT.columns());
    }
}
