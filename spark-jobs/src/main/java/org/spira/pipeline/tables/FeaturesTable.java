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
import org.spira.features.spark.FeatureRows;

/**
 * {@code features}: one row per (recording, feature version, variant, window). {@code mfcc} is
 * frames x coefficients, row-major (401 x 40 for SPIRA); variant 0 is the clean signal and
 * variant k >= 1 carries its noise lineage (clip ids, offsets in samples, peak amplitudes, seed,
 * corpus hash). {@code feature_version} is the SHA-256 of the FeatureSpec JSON, which is kept in
 * the table property {@code spira.feature_spec.<feature_version>}. The columns the
 * featurization adapter emits keep its names ({@link FeatureRows}).
 */
public final class FeaturesTable {
    public static final String NAME = "features";
    /** Table property holding the FeatureSpec JSON of a feature version. */
    public static final String SPEC_PROPERTY_PREFIX = "spira.feature_spec.";

    public static final String RECORDING_ID = FeatureRows.RECORDING_ID;
    public static final String SUBJECT_KEY = RecordingsTable.SUBJECT_KEY;
    public static final String LABEL = FeatureRows.LABEL;
    public static final String FEATURE_VERSION = FeatureRows.FEATURE_VERSION;
    public static final String VARIANT = FeatureRows.VARIANT;
    public static final String WINDOW_INDEX = FeatureRows.WINDOW_INDEX;
    public static final String START_SAMPLE = FeatureRows.START_SAMPLE;
    public static final String FRAMES = FeatureRows.FRAMES;
    public static final String COEFFICIENTS = FeatureRows.COEFFICIENTS;
    public static final String MFCC = FeatureRows.MFCC;
    public static final String NOISE_SEED = FeatureRows.NOISE_SEED;
    public static final String NOISE_IDS = FeatureRows.NOISE_IDS;
    public static final String NOISE_OFFSETS = FeatureRows.NOISE_OFFSETS;
    public static final String NOISE_AMPLITUDES = FeatureRows.NOISE_AMPLITUDES;
    public static final String NOISE_CORPUS = "noise_corpus";
    public static final String RECORDINGS_VERSION = "recordings_version";
    public static final String FEATURIZE_RUN_ID = "featurize_run_id";
    public static final String FEATURIZED_AT = "featurized_at";

    public static final TableContract CONTRACT = new TableContract(
            NAME,
            createStructType(List.of(
                    createStructField(RECORDING_ID, StringType, false).withComment("as in `recordings`"),
                    createStructField(SUBJECT_KEY, StringType, false).withComment("as in `recordings`"),
                    createStructField(LABEL, IntegerType, false).withComment("as in `recordings`"),
                    createStructField(FEATURE_VERSION, StringType, false)
                            .withComment("`FeatureSpec.hash()`, SHA-256 of the spec's canonical JSON"),
                    createStructField(VARIANT, IntegerType, false).withComment("0 = clean, 1... = noisy variants"),
                    createStructField(WINDOW_INDEX, IntegerType, false).withComment("the window's place, from 0"),
                    createStructField(START_SAMPLE, LongType, false)
                            .withComment("its first sample, at the spec's sample rate"),
                    createStructField(FRAMES, IntegerType, false).withComment("401 for SPIRA's spec"),
                    createStructField(COEFFICIENTS, IntegerType, false).withComment("40 for SPIRA's spec"),
                    createStructField(MFCC, createArrayType(FloatType, false), false)
                            .withComment("frames x coefficients, row-major"),
                    createStructField(NOISE_SEED, LongType, true)
                            .withComment("seed of the variant's noise draws; null for variant 0"),
                    createStructField(NOISE_IDS, createArrayType(StringType, false), false)
                            .withComment("the noise clips of a noisy variant; empty for variant 0"),
                    createStructField(NOISE_OFFSETS, createArrayType(IntegerType, false), false)
                            .withComment("their offsets in samples"),
                    createStructField(NOISE_AMPLITUDES, createArrayType(DoubleType, false), false)
                            .withComment("their peak amplitudes"),
                    createStructField(NOISE_CORPUS, StringType, true)
                            .withComment("SHA-256 of the noise corpus; null for variant 0"),
                    createStructField(RECORDINGS_VERSION, LongType, false)
                            .withComment("the `recordings` version featurized"),
                    createStructField(FEATURIZE_RUN_ID, StringType, false).withComment("the featurize run"),
                    createStructField(FEATURIZED_AT, TimestampType, false).withComment("when it wrote the row"))),
            List.of(RECORDING_ID, FEATURE_VERSION, VARIANT, WINDOW_INDEX));

    private FeaturesTable() {}
}
