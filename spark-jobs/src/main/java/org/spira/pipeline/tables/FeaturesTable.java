package org.spira.pipeline.tables;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * {@code features}: one row per (recording, feature version, variant, window). {@code mfcc} is
 * frames x coefficients, row-major (401 x 40 for SPIRA); variant 0 is the clean signal and
 * variant k >= 1 carries its noise lineage (clip ids, offsets in samples, peak amplitudes, seed,
 * corpus hash). {@code feature_version} is the SHA-256 of the FeatureSpec JSON, which is kept in
 * the table property {@code spira.feature_spec.<feature_version>}.
 */
public final class FeaturesTable {
    public static final String NAME = "features";
    public static final List<String> KEY = List.of("recording_id", "feature_version", "variant", "window_index");
    /** Table property holding the FeatureSpec JSON of a feature version. */
    public static final String SPEC_PROPERTY_PREFIX = "spira.feature_spec.";

    public static final StructType SCHEMA = createStructType(List.of(
            createStructField("recording_id", StringType, false),
            createStructField("subject_key", StringType, false),
            createStructField("label", IntegerType, false),
            createStructField("feature_version", StringType, false),
            createStructField("variant", IntegerType, false),
            createStructField("window_index", IntegerType, false),
            createStructField("start_sample", LongType, false),
            createStructField("frames", IntegerType, false),
            createStructField("coefficients", IntegerType, false),
            createStructField("mfcc", createArrayType(FloatType, false), false),
            createStructField("noise_seed", LongType, true),
            createStructField("noise_ids", createArrayType(StringType, false), false),
            createStructField("noise_offsets", createArrayType(IntegerType, false), false),
            createStructField("noise_amplitudes", createArrayType(DoubleType, false), false),
            createStructField("noise_corpus", StringType, true),
            createStructField("recordings_version", LongType, false),
            createStructField("featurize_run_id", StringType, false),
            createStructField("featurized_at", TimestampType, false)));

    private FeaturesTable() {}
}
