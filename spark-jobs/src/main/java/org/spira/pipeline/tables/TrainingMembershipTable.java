package org.spira.pipeline.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * {@code training_membership}: one row per recording a registered model version learned from (its
 * training and validation recordings), keyed by (model_name, model_version, recording_id), with
 * the subject's key and the split it was in. Written by {@code train} right after it registers the
 * version, and by {@code lineage} or {@code forget} for a version that has no rows (registered
 * before the table existed, or whose train run stopped between registering and writing them); a
 * row is never changed, so a rerun adds nothing, and {@code forget} deletes the rows of the
 * subjects it erases. It answers "which model versions learned from this subject",
 * the question of an erasure request, without recomputing any join: {@code subject_key} is the
 * keyed HMAC of {@code recordings}, never a clear id.
 */
public final class TrainingMembershipTable {
    public static final String NAME = "training_membership";

    public static final String RECORDING_ID = RecordingsTable.RECORDING_ID;
    public static final String SUBJECT_KEY = RecordingsTable.SUBJECT_KEY;
    public static final String MODEL_NAME = PredictionsTable.MODEL_NAME;
    public static final String MODEL_VERSION = PredictionsTable.MODEL_VERSION;
    public static final String SPLIT = SplitsTable.SPLIT;
    public static final String RUN_ID = "run_id";
    public static final String RECORDED_BY = "recorded_by";
    public static final String RECORDED_AT = "recorded_at";
    /** Values of {@link #RECORDED_BY}: the stage that wrote the row. */
    public static final String BY_TRAIN = "train";

    public static final String BY_LINEAGE = "lineage";
    public static final String BY_FORGET = "forget";

    public static final TableContract CONTRACT = new TableContract(
            NAME,
            createStructType(List.of(
                    createStructField(RECORDING_ID, StringType, false).withComment("as in `recordings`"),
                    createStructField(SUBJECT_KEY, StringType, false)
                            .withComment("the recording's subject, as in `recordings` (keyed HMAC, never a clear id)"),
                    createStructField(MODEL_NAME, StringType, false)
                            .withComment("the registered model (`spira.tracking.registered-model`)"),
                    createStructField(MODEL_VERSION, LongType, false).withComment("its version that learned from it"),
                    createStructField(SPLIT, StringType, false)
                            .withComment("`train` or `validation`: the subject's split at the version's `splits`"
                                    + " version"),
                    createStructField(RUN_ID, StringType, false)
                            .withComment("the version's training run (its MLflow run id)"),
                    createStructField(RECORDED_BY, StringType, false)
                            .withComment("`train` (when it registered the version), or `lineage` or `forget`"
                                    + " (derived later from the version's recorded table versions)"),
                    createStructField(RECORDED_AT, TimestampType, false).withComment("when the row was written"))),
            List.of(MODEL_NAME, MODEL_VERSION, RECORDING_ID));

    private TrainingMembershipTable() {}

    /** The rows of one model version. */
    public static Column ofVersion(String modelName, long modelVersion) {
        return col(MODEL_NAME).equalTo(modelName).and(col(MODEL_VERSION).equalTo(modelVersion));
    }
}
