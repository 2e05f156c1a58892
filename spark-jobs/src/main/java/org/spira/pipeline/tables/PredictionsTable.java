package org.spira.pipeline.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * {@code predictions}: one row per recording a registered model version scored, keyed by
 * (recording_id, model_name, model_version): the recording's probability of the patient class
 * (the mean of its windows' probabilities), the class the version's threshold gives it, and the
 * feature version its audio was featurized with (the model's own). Written by {@code score}; a
 * row is never changed, so a rerun adds nothing. It holds no subject key and no true label: join
 * {@code recordings} on {@code recording_id} for those.
 */
public final class PredictionsTable {
    public static final String NAME = "predictions";

    public static final String RECORDING_ID = RecordingsTable.RECORDING_ID;
    public static final String MODEL_NAME = "model_name";
    public static final String MODEL_VERSION = "model_version";
    public static final String FEATURE_VERSION = FeaturesTable.FEATURE_VERSION;
    public static final String PROBABILITY = "probability";
    public static final String PREDICTED_LABEL = "predicted_label";
    public static final String THRESHOLD = "threshold";
    public static final String WINDOWS = "windows";
    public static final String RECORDINGS_VERSION = "recordings_version";
    public static final String SCORE_RUN_ID = "score_run_id";
    public static final String SCORED_AT = "scored_at";

    public static final TableContract CONTRACT = new TableContract(
            NAME,
            createStructType(List.of(
                    createStructField(RECORDING_ID, StringType, false).withComment("as in `recordings`"),
                    createStructField(MODEL_NAME, StringType, false)
                            .withComment("the registered model (`spira.tracking.registered-model`)"),
                    createStructField(MODEL_VERSION, LongType, false).withComment("its version that scored"),
                    createStructField(FEATURE_VERSION, StringType, false)
                            .withComment("the model's feature version, which the audio was featurized with"),
                    createStructField(PROBABILITY, DoubleType, false)
                            .withComment("patient probability: the mean of the windows' probabilities, in [0, 1]"),
                    createStructField(PREDICTED_LABEL, IntegerType, false)
                            .withComment("1 (patient) when `probability` >= `threshold`, else 0 (control)"),
                    createStructField(THRESHOLD, DoubleType, false).withComment("the version's decision threshold"),
                    createStructField(WINDOWS, IntegerType, false).withComment("whole windows scored"),
                    createStructField(RECORDINGS_VERSION, LongType, false)
                            .withComment("the `recordings` version scored"),
                    createStructField(SCORE_RUN_ID, StringType, false).withComment("the score run (its MLflow run id)"),
                    createStructField(SCORED_AT, TimestampType, false).withComment("when that run started"))),
            List.of(RECORDING_ID, MODEL_NAME, MODEL_VERSION));

    /** A row of {@code predictions}. */
    public record Prediction(
            String recordingId,
            String modelName,
            long modelVersion,
            String featureVersion,
            double probability,
            int predictedLabel,
            double threshold,
            int windows,
            long recordingsVersion,
            String scoreRunId,
            Timestamp scoredAt) {

        public Row toRow() {
            return CONTRACT.row()
                    .set(RECORDING_ID, recordingId)
                    .set(MODEL_NAME, modelName)
                    .set(MODEL_VERSION, modelVersion)
                    .set(FEATURE_VERSION, featureVersion)
                    .set(PROBABILITY, probability)
                    .set(PREDICTED_LABEL, predictedLabel)
                    .set(THRESHOLD, threshold)
                    .set(WINDOWS, windows)
                    .set(RECORDINGS_VERSION, recordingsVersion)
                    .set(SCORE_RUN_ID, scoreRunId)
                    .set(SCORED_AT, scoredAt)
                    .build();
        }

        /** The prediction of a row holding this table's columns (and possibly others). */
        public static Prediction fromRow(Row row) {
            return new Prediction(
                    RowFields.string(row, RECORDING_ID),
                    RowFields.string(row, MODEL_NAME),
                    RowFields.longValue(row, MODEL_VERSION),
                    RowFields.string(row, FEATURE_VERSION),
                    RowFields.doubleValue(row, PROBABILITY),
                    RowFields.integer(row, PREDICTED_LABEL),
                    RowFields.doubleValue(row, THRESHOLD),
                    RowFields.integer(row, WINDOWS),
                    RowFields.longValue(row, RECORDINGS_VERSION),
                    RowFields.string(row, SCORE_RUN_ID),
                    RowFields.timestamp(row, SCORED_AT));
        }
    }

    private PredictionsTable() {}

    /** The rows of one model version. */
    public static Column ofVersion(String modelName, long modelVersion) {
        return col(MODEL_NAME).equalTo(modelName).and(col(MODEL_VERSION).equalTo(modelVersion));
    }
}
