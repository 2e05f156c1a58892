package org.spira.pipeline.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import org.spira.evaluation.DecisionThreshold;
import org.spira.features.spark.FeatureRows;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.config.ScoreConfig;
import org.spira.pipeline.io.Spread;
import org.spira.pipeline.registry.ModelLineage;
import org.spira.pipeline.registry.ModelThreshold;
import org.spira.pipeline.registry.TrainedModel;
import org.spira.pipeline.registry.TrainingLineage;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.PredictionsTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RejectedTable;
import org.spira.pipeline.tables.RowFields;
import org.spira.pipeline.tracking.DatasetInput;
import org.spira.pipeline.tracking.ModelRegistry;
import org.spira.pipeline.tracking.ModelSelector;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.RunSpec;
import org.spira.pipeline.tracking.TrackedRun;
import org.spira.pipeline.tracking.Tracker;

/**
 * {@code score}: a registered model version applied to the recordings (a pinned or the latest
 * version of {@code recordings}) it has not scored yet. Their audio objects are featurized on the
 * executors with the model's own FeatureSpec (the one stored with the version, never the
 * configured one, so what the model sees is what it was trained on), the network runs in batches,
 * and each recording's windows are averaged and thresholded as evaluate does ({@link
 * org.spira.pipeline.scoring.RecordingScorer}). Predictions are added to {@code predictions} by
 * MERGE on (recording_id, model_name, model_version): a rerun adds nothing and writes no version.
 * A recording the model cannot featurize (too short for its window, damaged, its audio object
 * missing) becomes a row of {@code rejected} with the reason: considered = scored + rejected +
 * already scored. Tracked as an MLflow run; no subject key is read.
 */
public final class ScoreJob {
    /** The tables this job writes: the stage holds their writer leases while it runs. */
    public static final List<String> TABLES_WRITTEN = List.of(PredictionsTable.NAME, RejectedTable.NAME);

    /** The column of {@code Dataset.groupBy(...).count()}. */
    private static final String COUNT = "count";
    /** The recordings' id while joined to the outcome rows, which have a recording_id too. */
    private static final String RECORDING_OF = "recording_of";

    private final SparkSession spark;
    private final ScoreConfig config;
    private final DecisionThreshold defaultThreshold;
    private final Tracker tracker;
    private final Path workDir;

    /**
     * @param defaultThreshold the threshold of a version evaluate has not tagged with one ({@code
     *     spira.evaluate.threshold})
     * @param workDir an empty folder for the downloaded model
     */
    public ScoreJob(
            SparkSession spark, ScoreConfig config, DecisionThreshold defaultThreshold, Tracker tracker, Path workDir) {
        this.spark = spark;
        this.config = config;
        this.defaultThreshold = defaultThreshold;
        this.tracker = tracker;
        this.workDir = workDir;
    }

    /** What a run scores with: the version, its files, its threshold, and the recordings version read. */
    private record Scoring(ModelVersion version, TrainedModel model, ModelThreshold threshold, long recordingsVersion) {
        String featureVersion() {
            return model.spec().hash();
        }
    }

    /**
     * @param selector the version (default in the command: the champion alias)
     * @param recordingsVersion the version of {@code recordings} to score; empty = the latest
     */
    public ScoreResult run(String warehouse, ModelSelector selector, OptionalLong recordingsVersion) {
        ModelRegistry registry = tracker.registry();
        ModelVersion version = selector.resolve(registry);
        ModelLineage lineage = ModelLineage.of(version).orElseThrow();
        TrainedModel model = TrainedModel.download(registry, version, lineage.training(), workDir.resolve("model"))
                .orElseThrow();
        ModelThreshold threshold = ModelThreshold.of(version, defaultThreshold, "spira.evaluate.threshold");
        DeltaStore store = new DeltaStore(spark, warehouse);
        Scoring scoring = new Scoring(version, model, threshold, recordingsVersion(store, recordingsVersion));
        return tracker.run(runSpec(store, scoring), run -> score(run, store, scoring));
    }

    private ScoreResult score(TrackedRun run, DeltaStore store, Scoring scoring) {
        Timestamp now = Timestamp.from(Instant.now());
        run.logParams(params(scoring));
        run.logInputs(List.of(new DatasetInput(
                RecordingsTable.NAME, store.path(RecordingsTable.NAME), scoring.recordingsVersion(), "scoring")));
        Dataset<Row> recordings = store.readVersion(RecordingsTable.NAME, scoring.recordingsVersion())
                .select(
                        RecordingsTable.RECORDING_ID,
                        RecordingsTable.AUDIO_URI,
                        RecordingsTable.MANIFEST_URI,
                        RecordingsTable.MANIFEST_ROW,
                        RecordingsTable.SOURCE_KEY);
        Dataset<Row> todo = notScoredYet(store, recordings, scoring.version());
        long considered = recordings.count();
        long toScore = todo.count();
        long alreadyScored = considered - toScore;
        Dataset<Row> outcomes =
                outcomes(Spread.overTasks(todo, toScore), scoring).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> predictions =
                    outcomes.where(col(FeatureRows.REJECT_REASON).isNull());
            Dataset<Row> rejects = outcomes.where(col(FeatureRows.REJECT_REASON).isNotNull());
            long scored =
                    store.insertNew(PredictionsTable.CONTRACT, predictionRows(predictions, scoring, run.id(), now));
            store.insertNew(RejectedTable.CONTRACT, rejectRows(rejects, recordings, scoring, run.id(), now));
            ScoreResult result = new ScoreResult(
                    run.id(),
                    scoring.version().model(),
                    scoring.version().version(),
                    scoring.featureVersion(),
                    scoring.threshold().threshold().value(),
                    considered,
                    scored,
                    rejects.count(),
                    alreadyScored,
                    classNames(counts(predictions, PredictionsTable.PREDICTED_LABEL)),
                    counts(rejects, FeatureRows.REJECT_REASON),
                    scoring.recordingsVersion(),
                    store.version(PredictionsTable.NAME),
                    store.version(RejectedTable.NAME));
            record(run, store, result);
            return result;
        } finally {
            outcomes.unpersist();
        }
    }

    private static long recordingsVersion(DeltaStore store, OptionalLong requested) {
        long latest = store.version(RecordingsTable.NAME);
        if (requested.isPresent() && (requested.getAsLong() < 0 || requested.getAsLong() > latest)) {
            throw new ConfigException("--recordings-version " + requested.getAsLong() + " is not a version of "
                    + store.path(RecordingsTable.NAME) + ", whose versions are 0 to " + latest
                    + ": name one of them, or leave the option out for the latest");
        }
        return requested.orElse(latest);
    }

    /**
     * The recordings without a prediction of this version, against the predictions table as it
     * is before this run writes (pinned, so a recomputed partition finds the same recordings).
     */
    private static Dataset<Row> notScoredYet(DeltaStore store, Dataset<Row> recordings, ModelVersion version) {
        store.ensure(PredictionsTable.CONTRACT);
        store.ensure(RejectedTable.CONTRACT);
        Dataset<Row> done = store.readVersion(PredictionsTable.NAME, store.version(PredictionsTable.NAME))
                .where(PredictionsTable.ofVersion(version.model(), version.version()))
                .select(PredictionsTable.RECORDING_ID);
        return recordings.join(done, RecordingsTable.RECORDING_ID, "left_anti");
    }

    private Dataset<Row> outcomes(Dataset<Row> todo, Scoring scoring) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ScoreRecordingsPartition partition = new ScoreRecordingsPartition(
                jsc.broadcast(scoring.model().modelZip()),
                scoring.model().spec(),
                config.batchWindows(),
                scoring.threshold().threshold(),
                jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration())));
        return partition.apply(todo.repartition(jsc.defaultParallelism()));
    }

    private static Dataset<Row> predictionRows(Dataset<Row> predictions, Scoring scoring, String runId, Timestamp now) {
        return predictions
                .withColumn(PredictionsTable.MODEL_NAME, lit(scoring.version().model()))
                .withColumn(
                        PredictionsTable.MODEL_VERSION, lit(scoring.version().version()))
                .withColumn(PredictionsTable.FEATURE_VERSION, lit(scoring.featureVersion()))
                .withColumn(
                        PredictionsTable.THRESHOLD,
                        lit(scoring.threshold().threshold().value()))
                .withColumn(PredictionsTable.RECORDINGS_VERSION, lit(scoring.recordingsVersion()))
                .withColumn(PredictionsTable.SCORE_RUN_ID, lit(runId))
                .withColumn(PredictionsTable.SCORED_AT, lit(now));
    }

    private static Dataset<Row> rejectRows(
            Dataset<Row> rejects, Dataset<Row> recordings, Scoring scoring, String runId, Timestamp now) {
        Dataset<Row> origin = recordings.select(
                col(RecordingsTable.RECORDING_ID).as(RECORDING_OF),
                col(RecordingsTable.MANIFEST_URI),
                col(RecordingsTable.MANIFEST_ROW),
                col(RecordingsTable.SOURCE_KEY));
        Dataset<Row> found = rejects.join(
                        origin, rejects.col(PredictionsTable.RECORDING_ID).equalTo(origin.col(RECORDING_OF)))
                .withColumn(RejectedTable.FEATURE_VERSION, lit(scoring.featureVersion()))
                .withColumnRenamed(FeatureRows.REJECT_REASON, RejectedTable.REASON)
                .withColumnRenamed(FeatureRows.REJECT_MESSAGE, RejectedTable.MESSAGE);
        return RejectedTable.rows(found, RejectedTable.Stage.SCORE, runId, now);
    }

    /** Row counts per value of {@code column}, as text. */
    private static Map<String, Long> counts(Dataset<Row> rows, String column) {
        Map<String, Long> counts = new TreeMap<>();
        for (Row row : rows.groupBy(column).count().collectAsList()) {
            counts.put(String.valueOf(row.get(row.fieldIndex(column))), RowFields.longValue(row, COUNT));
        }
        return counts;
    }

    private static Map<String, Long> classNames(Map<String, Long> byLabel) {
        Map<String, Long> byClass = new TreeMap<>();
        byLabel.forEach((label, n) -> byClass.put(label.equals("1") ? "patient" : "control", n));
        return byClass;
    }

    private RunSpec runSpec(DeltaStore store, Scoring scoring) {
        return RunSpec.named("score")
                .tag("spira.stage", "score")
                .tag("spira.model.name", scoring.version().model())
                .tag("spira.model.version", Long.toString(scoring.version().version()))
                .tag(TrainingLineage.FEATURE_SPEC_HASH, scoring.featureVersion())
                .tag("spira.recordings.table", store.path(RecordingsTable.NAME))
                .tag(TrainingLineage.RECORDINGS_VERSION, Long.toString(scoring.recordingsVersion()))
                .tag(
                        "spira.score.threshold",
                        Double.toString(scoring.threshold().threshold().value()));
    }

    private Map<String, Object> params(Scoring scoring) {
        Map<String, Object> params = new LinkedHashMap<>(config.params());
        params.put("model.name", scoring.version().model());
        params.put("model.version", scoring.version().version());
        params.put("score.threshold", scoring.threshold().threshold().value());
        params.put("score.threshold_source", scoring.threshold().source());
        return params;
    }

    /** The tables written as the run's output, its counts as metrics. */
    private static void record(TrackedRun run, DeltaStore store, ScoreResult result) {
        run.logInputs(List.of(
                new DatasetInput(
                        PredictionsTable.NAME,
                        store.path(PredictionsTable.NAME),
                        result.predictionsVersion(),
                        "output"),
                new DatasetInput(
                        RejectedTable.NAME, store.path(RejectedTable.NAME), result.rejectedVersion(), "output")));
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("spira.predictions.table", store.path(PredictionsTable.NAME));
        tags.put("spira.predictions.version", Long.toString(result.predictionsVersion()));
        tags.put("spira.rejected.version", Long.toString(result.rejectedVersion()));
        run.setTags(tags);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("considered", (double) result.considered());
        metrics.put("scored", (double) result.scored());
        metrics.put("rejected", (double) result.rejected());
        metrics.put("already_scored", (double) result.alreadyScored());
        result.predictedByClass().forEach((name, n) -> metrics.put("predicted." + name, (double) n));
        run.logMetrics(metrics, 0);
    }
}
