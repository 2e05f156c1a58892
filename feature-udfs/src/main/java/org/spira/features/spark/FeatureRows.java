package org.spira.features.spark;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * Column names and schemas of the featurization adapters. Input rows carry a recording's id,
 * label and bytes; output rows are either one feature window of one variant, or one reject.
 */
public final class FeatureRows {
    public static final String RECORDING_ID = "recording_id";
    public static final String LABEL = "label";
    public static final String CONTENT = "content";
    public static final String FEATURE_VERSION = "feature_version";
    public static final String VARIANT = "variant";
    public static final String WINDOW_INDEX = "window_index";
    public static final String START_SAMPLE = "start_sample";
    public static final String FRAMES = "frames";
    public static final String COEFFICIENTS = "coefficients";
    public static final String MFCC = "mfcc";
    public static final String NOISE_SEED = "noise_seed";
    public static final String NOISE_IDS = "noise_ids";
    public static final String NOISE_OFFSETS = "noise_offsets";
    public static final String NOISE_AMPLITUDES = "noise_amplitudes";
    public static final String REJECT_REASON = "reject_reason";
    public static final String REJECT_MESSAGE = "reject_message";

    /** What {@link FeaturizePartition} reads: label 0 = control, 1 = patient. */
    public static final StructType INPUT = createStructType(List.of(
            createStructField(RECORDING_ID, StringType, false),
            createStructField(LABEL, IntegerType, false),
            createStructField(CONTENT, BinaryType, false)));

    /**
     * What {@link FeaturizePartition} emits. A feature row has a null {@code reject_reason}; a
     * reject row has null feature columns and a reason code and message. {@code mfcc} is
     * frames x coefficients, row-major; {@code start_sample} is at the feature sample rate.
     */
    public static final StructType OUTPUT = createStructType(List.of(
            createStructField(RECORDING_ID, StringType, false),
            createStructField(FEATURE_VERSION, StringType, false),
            createStructField(VARIANT, IntegerType, true),
            createStructField(WINDOW_INDEX, IntegerType, true),
            createStructField(START_SAMPLE, LongType, true),
            createStructField(FRAMES, IntegerType, true),
            createStructField(COEFFICIENTS, IntegerType, true),
            createStructField(MFCC, createArrayType(FloatType, false), true),
            createStructField(NOISE_SEED, LongType, true),
            createStructField(NOISE_IDS, createArrayType(StringType, false), true),
            createStructField(NOISE_OFFSETS, createArrayType(IntegerType, false), true),
            createStructField(NOISE_AMPLITUDES, createArrayType(DoubleType, false), true),
            createStructField(REJECT_REASON, StringType, true),
            createStructField(REJECT_MESSAGE, StringType, true)));

    private FeatureRows() {}
}
