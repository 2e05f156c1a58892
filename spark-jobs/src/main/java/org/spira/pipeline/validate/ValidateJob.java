package org.spira.pipeline.validate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.spira.evaluation.DivergenceChart;
import org.spira.pipeline.QualityGateException;
import org.spira.pipeline.config.QualityLimits;
import org.spira.pipeline.config.ValidateConfig;
import org.spira.pipeline.io.StorageException;
import org.spira.pipeline.registry.ModelLineage;
import org.spira.pipeline.registry.TrainingLineage;
import org.spira.pipeline.stats.Divergence;
import org.spira.pipeline.stats.Divergence.Histogram;
import org.spira.pipeline.stats.FeatureStatistics;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.FeatureStatsTable;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.IngestRunsTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RejectedTable;
import org.spira.pipeline.tables.RowFields;
import org.spira.pipeline.tables.SplitsTable;
import org.spira.pipeline.tracking.ModelRegistry;
import org.spira.pipeline.tracking.ModelSelector;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.RunSpec;
import org.spira.pipeline.tracking.Tracker;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * {@code validate}: the recordings featurized since a registered model version was trained,
 * against those it was trained on ({@code features} at the version in its lineage tags, one
 * feature version): the Jensen-Shannon divergence of each MFCC coefficient's values (clean
 * windows, all classes, from {@code feature_stats}' percentiles, computed for the new rows) and of
 * the recordings' sample rates, sources and tasks; the share of the recordings ingested since
 * that passed ingest's speech-quality checks; and the tables' invariants. It writes a JSON and a
 * Markdown report and a chart of the divergences to an MLflow run named {@code validate} (tagged
 * with the version, like its evaluations) and tags the version with the outcome; a limit
 * exceeded or an invariant broken fails the data-quality gate. It reads the tables and writes
 * none.
 */
public final class ValidateJob {
    /** The version's tags that record its latest validation. */
    public static final String TAG_RUN_ID = "spira.validate.run_id";

    public static final String TAG_PASSED = "spira.validate.passed";
    public static final String TAG_MAX_COEFFICIENT_JSD = "spira.validate.max_coefficient_jsd";
    /** The run's artifact folder and files. */
    public static final String ARTIFACTS = "validation";

    public static final String REPORT_JSON = "report.json";
    public static final String REPORT_MARKDOWN = "report.md";
    public static final String CHART = "coefficient_jsd.png";

    private static final String VERSION = "version";
    private static final String SPLITS_SEEN = "splits_seen";
    /** The column of {@code Dataset.groupBy(...).count()}. */
    private static final String COUNT = "count";

    private final ValidateConfig config;
    private final Tracker tracker;
    private final Path workDir;

    public ValidateJob(ValidateConfig config, Tracker tracker, Path workDir) {
        this.config = config;
        this.tracker = tracker;
        this.workDir = workDir;
    }

    /**
     * Validates the warehouse's data against the version {@code selector} names, and records it.
     *
     * @throws QualityGateException carrying the result, after it is recorded, when the data fails
     *     the gate
     */
    public ValidateResult run(DeltaStore store, ModelSelector selector) {
        ModelRegistry registry = tracker.registry();
        ModelVersion version = selector.resolve(registry);
        ModelLineage lineage = ModelLineage.of(version).orElseThrow();
        Validation validation = measure(store, version, lineage.training());
        List<String> failures = validation.failures(config);
        Path reports = writeReports(validation);
        RunSpec spec = RunSpec.named("validate")
                .tag("spira.stage", "validate")
                .tag("spira.model.name", version.model())
                .tag("spira.model.version", Long.toString(version.version()))
                .tag(TrainingLineage.TRAIN_RUN_ID, lineage.trainRunId());
        ValidateResult result = tracker.run(spec, run -> {
            Map<String, Object> params = new LinkedHashMap<>(config.params());
            params.put("model.name", version.model());
            params.put("model.version", version.version());
            run.logParams(params);
            run.logMetrics(validation.metrics(), 0);
            run.uploadArtifacts(reports, ARTIFACTS);
            run.setTags(Map.of(TAG_PASSED, Boolean.toString(failures.isEmpty())));
            registry.setTag(version.version(), TAG_RUN_ID, run.id());
            registry.setTag(version.version(), TAG_PASSED, Boolean.toString(failures.isEmpty()));
            validation
                    .largestCoefficientJsd()
                    .ifPresent(max -> registry.setTag(
                            version.version(), TAG_MAX_COEFFICIENT_JSD, Double.toString(max.getValue())));
            return new ValidateResult(run.id(), validation, failures);
        });
        if (!failures.isEmpty()) {
            throw new QualityGateException(
                    "the data fails validation against " + version.model() + " version " + version.version() + ": "
                            + String.join("; ", failures) + ". The report is in MLflow run " + result.runId()
                            + " (" + ARTIFACTS + "/" + REPORT_MARKDOWN + ")",
                    result);
        }
        return result;
    }

    /** Everything the report holds, read from the tables. */
    Validation measure(DeltaStore store, ModelVersion version, TrainingLineage trained) {
        String featureVersion = trained.featureSpecHash();
        long featuresVersion = store.version(FeaturesTable.NAME);
        long splitsVersion = store.version(SplitsTable.NAME);
        String runId = "validate-" + UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        List<Row> before = cleanRows(trainedStatistics(store, trained, runId, now));
        Dataset<Row> trainedRecordings = FeatureStatistics.featureRows(store, trained.featuresVersion(), featureVersion)
                .select(FeaturesTable.RECORDING_ID)
                .distinct();
        Dataset<Row> added = FeatureStatistics.featureRows(store, featuresVersion, featureVersion)
                .join(trainedRecordings, FeaturesTable.RECORDING_ID, "left_anti");
        List<Row> after = cleanRows(FeatureStatistics.compute(store, added, featuresVersion, runId, now));
        List<Double> coefficients = new ArrayList<>();
        Map<String, Double> categorical = new LinkedHashMap<>();
        if (!after.isEmpty()) {
            int count = RowFields.<Object>list(before.get(0), FeatureStatsTable.COEFFICIENT_MEAN)
                    .size();
            for (int c = 0; c < count; c++) {
                coefficients.add(Divergence.ofHistograms(histograms(before, c), histograms(after, c)));
            }
            categorical.put("sample_rate", categoricalJsd(before, after, FeatureStatsTable.SAMPLE_RATES));
            categorical.put("source", categoricalJsd(before, after, FeatureStatsTable.SOURCES));
            categorical.put("task", categoricalJsd(before, after, FeatureStatsTable.TASKS));
        }
        return new Validation(
                version.model(),
                version.version(),
                new Validation.Versions(
                        featureVersion,
                        trained.featuresVersion(),
                        trained.recordingsVersion(),
                        trained.splitsVersion()),
                new Validation.Versions(
                        featureVersion, featuresVersion, store.version(RecordingsTable.NAME), splitsVersion),
                recordings(before),
                recordings(after),
                coefficients,
                categorical,
                quality(store, trained.recordingsVersion()),
                invariants(store, splitsVersion));
    }

    /**
     * The statistics of the trained-on rows: the latest {@code feature_stats} of the feature
     * version at or before the trained features version (the rows of a feature version change
     * only when it is featurized, which writes them), or computed now for a version trained before
     * the table existed.
     */
    private static List<Row> trainedStatistics(DeltaStore store, TrainingLineage trained, String runId, Timestamp now) {
        if (store.exists(FeatureStatsTable.NAME)) {
            Dataset<Row> stats = store.read(FeatureStatsTable.NAME)
                    .where(col(FeatureStatsTable.FEATURE_VERSION)
                            .equalTo(trained.featureSpecHash())
                            .and(col(FeatureStatsTable.FEATURES_VERSION).leq(trained.featuresVersion())));
            Row latest = stats.agg(max(FeatureStatsTable.FEATURES_VERSION)).head();
            if (!latest.isNullAt(0)) {
                return stats.where(col(FeatureStatsTable.FEATURES_VERSION).equalTo(latest.getLong(0)))
                        .collectAsList();
            }
        }
        return FeatureStatistics.compute(store, trained.featuresVersion(), trained.featureSpecHash(), runId, now);
    }

    /** The clean variant's rows (one per class). */
    private static List<Row> cleanRows(List<Row> stats) {
        return stats.stream()
                .filter(row -> RowFields.integer(row, FeatureStatsTable.VARIANT) == 0)
                .toList();
    }

    private static long recordings(List<Row> clean) {
        return clean.stream()
                .mapToLong(row -> RowFields.longValue(row, FeatureStatsTable.RECORDINGS))
                .sum();
    }

    /** Coefficient {@code c}'s histogram per class, weighed by its frames. */
    private static List<Histogram> histograms(List<Row> clean, int c) {
        return clean.stream()
                .map(row -> {
                    Seq<Double> percentiles = RowFields.<Seq<Double>>list(
                                    row, FeatureStatsTable.COEFFICIENT_PERCENTILES)
                            .get(c);
                    return new Histogram(
                            JavaConverters.seqAsJavaList(percentiles).stream()
                                    .mapToDouble(Double::doubleValue)
                                    .toArray(),
                            RowFields.longValue(row, FeatureStatsTable.FRAMES));
                })
                .toList();
    }

    private static double categoricalJsd(List<Row> before, List<Row> after, String column) {
        return Divergence.ofCounts(counts(before, column), counts(after, column));
    }

    /** The recordings per value of a count column, over the classes. */
    private static Map<Object, Long> counts(List<Row> clean, String column) {
        Map<Object, Long> counts = new TreeMap<>((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
        clean.forEach(
                row -> RowFields.<Object, Long>map(row, column).forEach((key, n) -> counts.merge(key, n, Long::sum)));
        return counts;
    }

    /**
     * Ingest's quality checks on the runs since {@code recordingsVersion}: those that left a later
     * version, and those that accepted nothing and started after the run that left it.
     */
    private static Validation.Quality quality(DeltaStore store, long recordingsVersion) {
        if (!store.exists(IngestRunsTable.NAME)) {
            return new Validation.Quality(0, Map.of());
        }
        Dataset<Row> runs = store.read(IngestRunsTable.NAME);
        Row trainedRun = runs.where(col(IngestRunsTable.RECORDINGS_VERSION)
                        .leq(recordingsVersion)
                        .and(col(IngestRunsTable.ACCEPTED).gt(0)))
                .agg(max(IngestRunsTable.STARTED_AT))
                .head();
        Dataset<Row> since = runs.where(col(IngestRunsTable.RECORDINGS_VERSION)
                        .gt(recordingsVersion)
                        .or(col(IngestRunsTable.ACCEPTED)
                                .equalTo(0)
                                .and(
                                        trainedRun.isNullAt(0)
                                                ? lit(true)
                                                : col(IngestRunsTable.STARTED_AT)
                                                        .gt(lit(trainedRun.getTimestamp(0))))))
                .persist();
        try {
            Row accepted = since.agg(sum(IngestRunsTable.ACCEPTED)).head();
            Map<String, Long> rejected = new TreeMap<>();
            store.read(RejectedTable.NAME)
                    .where(col(RejectedTable.STAGE)
                            .equalTo(RejectedTable.Stage.INGEST.code())
                            .and(col(RejectedTable.REASON).isin(QualityLimits.REASONS.toArray())))
                    .join(
                            since.select(col(IngestRunsTable.INGEST_RUN_ID).as(RejectedTable.RUN_ID)),
                            RejectedTable.RUN_ID)
                    .groupBy(RejectedTable.REASON)
                    .count()
                    .collectAsList()
                    .forEach(row ->
                            rejected.put(RowFields.string(row, RejectedTable.REASON), RowFields.longValue(row, COUNT)));
            return new Validation.Quality(accepted.isNullAt(0) ? 0 : accepted.getLong(0), rejected);
        } finally {
            since.unpersist();
        }
    }

    /**
     * The invariants, at the tables' latest versions and over every version of {@code splits} up
     * to {@code splitsVersion}, its latest, that can still be read in full: those from the version
     * the latest erasure left on ({@code forget} deletes rows and vacuums the files that held them).
     */
    private static Validation.Invariants invariants(DeltaStore store, long splitsVersion) {
        Dataset<Row> history = null;
        for (long v = store.firstReadableVersion(SplitsTable.NAME); v <= splitsVersion; v++) {
            Dataset<Row> version = store.readVersion(SplitsTable.NAME, v)
                    .select(col(SplitsTable.SUBJECT_KEY), col(SplitsTable.SPLIT), lit(v).as(VERSION));
            history = history == null ? version : history.union(version);
        }
        long twice = history.groupBy(SplitsTable.SUBJECT_KEY)
                .agg(countDistinct(SplitsTable.SPLIT).as(SPLITS_SEEN))
                .where(col(SPLITS_SEEN).gt(1))
                .select(SplitsTable.SUBJECT_KEY)
                .union(history.groupBy(VERSION, SplitsTable.SUBJECT_KEY)
                        .count()
                        .where(col(COUNT).gt(1))
                        .select(SplitsTable.SUBJECT_KEY))
                .distinct()
                .count();
        Dataset<Row> recordings = store.read(RecordingsTable.NAME);
        long orphans = store.read(FeaturesTable.NAME)
                .join(recordings.select(RecordingsTable.RECORDING_ID), FeaturesTable.RECORDING_ID, "left_anti")
                .count();
        Map<String, Long> perSplit = SplitsTable.balance(recordings
                .select(RecordingsTable.SUBJECT_KEY, RecordingsTable.LABEL)
                .join(
                        store.read(SplitsTable.NAME).select(SplitsTable.SUBJECT_KEY, SplitsTable.SPLIT),
                        RecordingsTable.SUBJECT_KEY));
        return new Validation.Invariants(twice, orphans, perSplit);
    }

    /** The JSON and Markdown reports and the divergence chart, in a folder of the work folder. */
    private Path writeReports(Validation validation) {
        Path folder = workDir.resolve(ARTIFACTS);
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(REPORT_JSON), validation.json(config));
            Files.writeString(folder.resolve(REPORT_MARKDOWN), validation.markdown(config));
            Files.write(
                    folder.resolve(CHART),
                    DivergenceChart.png(
                            validation.coefficientJsd(),
                            config.maxCoefficientJsd(),
                            validation.model() + " v" + validation.modelVersion()
                                    + ": new recordings against the trained-on, per MFCC coefficient"));
            return folder;
        } catch (IOException e) {
            throw new StorageException(
                    "cannot write the validation reports to " + folder + ": check the local disk (java.io.tmpdir)", e);
        }
    }
}
