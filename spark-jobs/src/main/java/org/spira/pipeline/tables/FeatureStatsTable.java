package org.spira.pipeline.tables;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;

/**
 * {@code feature_stats}: the statistics of one feature version's rows of {@code features} at one
 * table version, per class and variant, written by the {@code featurize} run that made (or found)
 * that version: per MFCC coefficient the mean, standard deviation and percentiles of its values
 * over every frame; windows per recording; and the durations, sample rates, sources and tasks of
 * the recordings behind them. {@code validate} compares two versions' rows; analysts plot them.
 * The percentiles of a coefficient are an equi-depth histogram of 100 buckets, the form a
 * divergence between two versions is computed from.
 */
public final class FeatureStatsTable {
    public static final String NAME = "feature_stats";
    /** The ranks of {@link #COEFFICIENT_PERCENTILES}: 0, 0.01, ..., 1. */
    public static final int PERCENTILES = 101;
    /** The ranks of the recordings' quantile columns. */
    public static final List<Double> SUMMARY_RANKS = List.of(0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0);
    /** The value of a source or task a recording's metadata does not give. */
    public static final String NOT_GIVEN = "(not given)";

    public static final String FEATURES_VERSION = "features_version";
    public static final String FEATURE_VERSION = FeaturesTable.FEATURE_VERSION;
    public static final String LABEL = FeaturesTable.LABEL;
    public static final String VARIANT = FeaturesTable.VARIANT;
    public static final String RECORDINGS = "recordings";
    public static final String WINDOWS = "windows";
    public static final String FRAMES = "frames";
    public static final String COEFFICIENT_MEAN = "coefficient_mean";
    public static final String COEFFICIENT_STD = "coefficient_std";
    public static final String COEFFICIENT_PERCENTILES = "coefficient_percentiles";
    public static final String PERCENTILE_RANK_ERROR = "percentile_rank_error";
    public static final String WINDOWS_PER_RECORDING = "windows_per_recording_quantiles";
    public static final String DURATION_S_QUANTILES = "duration_s_quantiles";
    public static final String SAMPLE_RATES = "sample_rates";
    public static final String SOURCES = "sources";
    public static final String TASKS = "tasks";
    public static final String RECORDINGS_VERSION = FeaturesTable.RECORDINGS_VERSION;
    public static final String FEATURIZE_RUN_ID = FeaturesTable.FEATURIZE_RUN_ID;
    public static final String COMPUTED_AT = "computed_at";

    private static final String SUMMARY = "at ranks 0, 0.05, 0.25, 0.5, 0.75, 0.95 and 1";

    public static final TableContract CONTRACT = new TableContract(
            NAME,
            createStructType(List.of(
                    createStructField(FEATURES_VERSION, LongType, false)
                            .withComment("the `features` version these statistics describe"),
                    createStructField(FEATURE_VERSION, StringType, false).withComment("as in `features`"),
                    createStructField(LABEL, IntegerType, false).withComment("class: 0 control, 1 patient"),
                    createStructField(VARIANT, IntegerType, false).withComment("0 = clean, 1... = noisy variants"),
                    createStructField(RECORDINGS, LongType, false).withComment("recordings with windows here"),
                    createStructField(WINDOWS, LongType, false).withComment("their windows (feature rows)"),
                    createStructField(FRAMES, LongType, false)
                            .withComment("their frames: the values summarised per coefficient"),
                    createStructField(COEFFICIENT_MEAN, createArrayType(DoubleType, false), false)
                            .withComment("per coefficient, the mean of its values"),
                    createStructField(COEFFICIENT_STD, createArrayType(DoubleType, false), false)
                            .withComment("per coefficient, their population standard deviation"),
                    createStructField(
                                    COEFFICIENT_PERCENTILES,
                                    createArrayType(createArrayType(DoubleType, false), false),
                                    false)
                            .withComment("per coefficient, its values at ranks 0, 0.01, ..., 1 (101; the"
                                    + " first and last are its exact minimum and maximum)"),
                    createStructField(PERCENTILE_RANK_ERROR, DoubleType, false)
                            .withComment("the percentiles' bound on rank error (a KLL sketch's)"),
                    createStructField(WINDOWS_PER_RECORDING, createArrayType(DoubleType, false), false)
                            .withComment("windows per recording, " + SUMMARY),
                    createStructField(DURATION_S_QUANTILES, createArrayType(DoubleType, false), false)
                            .withComment("the recordings' durations in seconds, " + SUMMARY),
                    createStructField(SAMPLE_RATES, createMapType(IntegerType, LongType, false), false)
                            .withComment("recordings per source sample rate (Hz)"),
                    createStructField(SOURCES, createMapType(StringType, LongType, false), false)
                            .withComment("recordings per `metadata['source']`, `" + NOT_GIVEN + "` without one"),
                    createStructField(TASKS, createMapType(StringType, LongType, false), false)
                            .withComment("recordings per `metadata['task']`, `" + NOT_GIVEN + "` without one"),
                    createStructField(RECORDINGS_VERSION, LongType, false)
                            .withComment("the `recordings` version read for the recordings' columns"),
                    createStructField(FEATURIZE_RUN_ID, StringType, false)
                            .withComment("the featurize run that computed them"),
                    createStructField(COMPUTED_AT, TimestampType, false).withComment("when"))),
            List.of(FEATURES_VERSION, FEATURE_VERSION, LABEL, VARIANT));

    private FeatureStatsTable() {}
}
