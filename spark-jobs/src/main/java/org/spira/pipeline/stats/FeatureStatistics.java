package org.spira.pipeline.stats;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.sum;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.FeatureStatsTable;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RowFields;
import scala.Tuple2;

/**
 * The rows of {@code feature_stats} for one feature version at one {@code features} version, one
 * per class and variant. The MFCC values are summarised per partition on the executors ({@link
 * CoefficientSummary}) and merged per class and variant through Spark's shuffle; the recordings'
 * columns are Spark aggregations. Only the result, a few rows, reaches the driver.
 */
public final class FeatureStatistics {
    /** {@code percentile_approx}'s accuracy: exact below 10,000 recordings per class and variant. */
    private static final int ACCURACY = 10_000;

    private static final String SOURCE = "source";
    private static final String TASK = "task";
    /** The column of {@code Dataset.groupBy(...).count()}. */
    private static final String COUNT = "count";

    private FeatureStatistics() {}

    /** Whether {@code feature_stats} already describes this feature version at this features version. */
    public static boolean recorded(DeltaStore store, long featuresVersion, String featureVersion) {
        return store.exists(FeatureStatsTable.NAME)
                && !store.read(FeatureStatsTable.NAME)
                        .where(col(FeatureStatsTable.FEATURES_VERSION)
                                .equalTo(featuresVersion)
                                .and(col(FeatureStatsTable.FEATURE_VERSION).equalTo(featureVersion)))
                        .isEmpty();
    }

    /**
     * The statistics of {@code featureVersion}'s rows of {@code features} at {@code
     * featuresVersion}, in {@code feature_stats}' shape; none when it has no rows there.
     */
    public static List<Row> compute(
            DeltaStore store, long featuresVersion, String featureVersion, String runId, Timestamp now) {
        return compute(store, featureRows(store, featuresVersion, featureVersion), featuresVersion, runId, now);
    }

    /** The rows of {@code featureVersion} in {@code features} at {@code featuresVersion}. */
    public static Dataset<Row> featureRows(DeltaStore store, long featuresVersion, String featureVersion) {
        return store.readVersion(FeaturesTable.NAME, featuresVersion)
                .where(col(FeaturesTable.FEATURE_VERSION).equalTo(featureVersion));
    }

    /**
     * The statistics of {@code features}, rows of {@code features} of one feature version (for
     * example those a version added), in {@code feature_stats}' shape, keyed by {@code
     * featuresVersion}; none when there are no rows.
     */
    public static List<Row> compute(
            DeltaStore store, Dataset<Row> features, long featuresVersion, String runId, Timestamp now) {
        Map<Tuple2<Integer, Integer>, CoefficientSummary> coefficients = summarise(features);
        if (coefficients.isEmpty()) {
            return List.of();
        }
        long recordingsVersion = RowFields.longValue(
                features.agg(max(FeaturesTable.RECORDINGS_VERSION).as(FeaturesTable.RECORDINGS_VERSION))
                        .head(),
                FeaturesTable.RECORDINGS_VERSION);
        Dataset<Row> recordings = store.readVersion(RecordingsTable.NAME, recordingsVersion)
                .select(
                        col(RecordingsTable.RECORDING_ID),
                        col(RecordingsTable.DURATION_S),
                        col(RecordingsTable.SAMPLE_RATE),
                        given(SOURCE),
                        given(TASK));
        Dataset<Row> perRecording = features.groupBy(
                        FeaturesTable.FEATURE_VERSION,
                        FeaturesTable.LABEL,
                        FeaturesTable.VARIANT,
                        FeaturesTable.RECORDING_ID)
                .agg(count(lit(1)).as(FeatureStatsTable.WINDOWS))
                .join(recordings, RecordingsTable.RECORDING_ID)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Column ranks = functions.array(
                    FeatureStatsTable.SUMMARY_RANKS.stream().map(functions::lit).toArray(Column[]::new));
            List<Row> groups = perRecording
                    .groupBy(FeaturesTable.LABEL, FeaturesTable.VARIANT)
                    .agg(
                            functions.first(FeaturesTable.FEATURE_VERSION).as(FeaturesTable.FEATURE_VERSION),
                            count(lit(1)).as(FeatureStatsTable.RECORDINGS),
                            sum(FeatureStatsTable.WINDOWS).as(FeatureStatsTable.WINDOWS),
                            percentile_approx(col(FeatureStatsTable.WINDOWS).cast("double"), ranks, lit(ACCURACY))
                                    .as(FeatureStatsTable.WINDOWS_PER_RECORDING),
                            percentile_approx(col(RecordingsTable.DURATION_S), ranks, lit(ACCURACY))
                                    .as(FeatureStatsTable.DURATION_S_QUANTILES))
                    .collectAsList();
            Map<Tuple2<Integer, Integer>, Map<Object, Long>> sampleRates =
                    counts(perRecording, RecordingsTable.SAMPLE_RATE);
            Map<Tuple2<Integer, Integer>, Map<Object, Long>> sources = counts(perRecording, SOURCE);
            Map<Tuple2<Integer, Integer>, Map<Object, Long>> tasks = counts(perRecording, TASK);
            List<Row> rows = new ArrayList<>();
            for (Row group : groups) {
                Tuple2<Integer, Integer> key = key(group);
                CoefficientSummary summary = coefficients.get(key);
                rows.add(FeatureStatsTable.CONTRACT
                        .row()
                        .set(FeatureStatsTable.FEATURES_VERSION, featuresVersion)
                        .set(FeatureStatsTable.FEATURE_VERSION, RowFields.string(group, FeaturesTable.FEATURE_VERSION))
                        .set(FeatureStatsTable.LABEL, key._1())
                        .set(FeatureStatsTable.VARIANT, key._2())
                        .set(FeatureStatsTable.RECORDINGS, RowFields.longValue(group, FeatureStatsTable.RECORDINGS))
                        .set(FeatureStatsTable.WINDOWS, RowFields.longValue(group, FeatureStatsTable.WINDOWS))
                        .set(FeatureStatsTable.FRAMES, summary.count())
                        .set(FeatureStatsTable.COEFFICIENT_MEAN, doubles(summary.means()))
                        .set(FeatureStatsTable.COEFFICIENT_STD, doubles(summary.standardDeviations()))
                        .set(
                                FeatureStatsTable.COEFFICIENT_PERCENTILES,
                                Arrays.stream(summary.quantiles(percentileRanks()))
                                        .map(FeatureStatistics::doubles)
                                        .toList())
                        .set(FeatureStatsTable.PERCENTILE_RANK_ERROR, summary.rankError())
                        .set(
                                FeatureStatsTable.WINDOWS_PER_RECORDING,
                                RowFields.list(group, FeatureStatsTable.WINDOWS_PER_RECORDING))
                        .set(
                                FeatureStatsTable.DURATION_S_QUANTILES,
                                RowFields.list(group, FeatureStatsTable.DURATION_S_QUANTILES))
                        .set(FeatureStatsTable.SAMPLE_RATES, sampleRates.get(key))
                        .set(FeatureStatsTable.SOURCES, sources.get(key))
                        .set(FeatureStatsTable.TASKS, tasks.get(key))
                        .set(FeatureStatsTable.RECORDINGS_VERSION, recordingsVersion)
                        .set(FeatureStatsTable.FEATURIZE_RUN_ID, runId)
                        .set(FeatureStatsTable.COMPUTED_AT, now)
                        .build());
            }
            return rows;
        } finally {
            perRecording.unpersist();
        }
    }

    /** 0, 0.01, ..., 1. */
    public static double[] percentileRanks() {
        return IntStream.range(0, FeatureStatsTable.PERCENTILES)
                .mapToDouble(i -> i / (double) (FeatureStatsTable.PERCENTILES - 1))
                .toArray();
    }

    /**
     * Per class and variant, the summary of the MFCC values: merged on the executors. The rows are
     * read as Spark's internal rows, so that a window's 16,040 floats are one array copy, not as
     * many boxed values.
     */
    private static Map<Tuple2<Integer, Integer>, CoefficientSummary> summarise(Dataset<Row> features) {
        Map<Tuple2<Integer, Integer>, CoefficientSummary> summaries = new HashMap<>();
        features.select(FeaturesTable.LABEL, FeaturesTable.VARIANT, FeaturesTable.COEFFICIENTS, FeaturesTable.MFCC)
                .queryExecution()
                .toRdd()
                .toJavaRDD()
                .mapPartitionsToPair(FeatureStatistics::summarisePartition)
                .reduceByKey((a, b) -> CoefficientSummary.fromBytes(a)
                        .merge(CoefficientSummary.fromBytes(b))
                        .toBytes())
                .collectAsMap()
                .forEach((key, bytes) -> summaries.put(key, CoefficientSummary.fromBytes(bytes)));
        return summaries;
    }

    /** Rows of (label, variant, coefficients, mfcc), none of them null in {@code features}. */
    private static Iterator<Tuple2<Tuple2<Integer, Integer>, byte[]>> summarisePartition(Iterator<InternalRow> rows) {
        Map<Tuple2<Integer, Integer>, CoefficientSummary> summaries = new HashMap<>();
        while (rows.hasNext()) {
            InternalRow row = rows.next();
            summaries
                    .computeIfAbsent(
                            new Tuple2<>(row.getInt(0), row.getInt(1)), k -> new CoefficientSummary(row.getInt(2)))
                    .addWindow(row.getArray(3).toFloatArray());
        }
        return summaries.entrySet().stream()
                .map(e -> new Tuple2<>(e.getKey(), e.getValue().toBytes()))
                .iterator();
    }

    /** Per class and variant, the recordings per value of {@code column}. */
    private static Map<Tuple2<Integer, Integer>, Map<Object, Long>> counts(Dataset<Row> perRecording, String column) {
        Map<Tuple2<Integer, Integer>, Map<Object, Long>> counts = new HashMap<>();
        for (Row row : perRecording
                .groupBy(col(FeaturesTable.LABEL), col(FeaturesTable.VARIANT), col(column))
                .count()
                .collectAsList()) {
            counts.computeIfAbsent(key(row), k -> new HashMap<>())
                    .put(row.get(row.fieldIndex(column)), RowFields.longValue(row, COUNT));
        }
        return counts;
    }

    /** The metadata column {@code name}, {@link FeatureStatsTable#NOT_GIVEN} where a recording has none. */
    private static Column given(String name) {
        return coalesce(col(RecordingsTable.METADATA).getItem(name), lit(FeatureStatsTable.NOT_GIVEN))
                .as(name);
    }

    private static Tuple2<Integer, Integer> key(Row row) {
        return new Tuple2<>(RowFields.integer(row, FeaturesTable.LABEL), RowFields.integer(row, FeaturesTable.VARIANT));
    }

    private static List<Double> doubles(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
