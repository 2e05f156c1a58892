package org.spira.pipeline.evaluate;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spira.features.NoiseCorpus;
import org.spira.model.eval.EvaluationReport;
import org.spira.model.eval.Evaluator;
import org.spira.model.eval.RecordingAttributes;
import org.spira.model.eval.WindowPrediction;
import org.spira.pipeline.config.EvaluateConfig;
import org.spira.pipeline.featurize.NoiseCorpusLoader;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tracking.ModelRegistry;
import org.spira.pipeline.tracking.ModelSelector;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.Tracker;

/**
 * {@code evaluate}: a registered model version scored on its lineage's test split under both
 * test conditions of SPIRA.md section 7 (clean; one noise on controls only), on the executors,
 * evaluated per window and per recording with slices, recorded in a new MLflow run, its
 * headline metrics tagged on the version, and the champion alias moved by the {@link
 * PromotionRule}.
 */
public final class EvaluateJob {
    private final SparkSession spark;
    private final EvaluateConfig config;
    private final Tracker tracker;
    private final Path workDir;

    /** @param workDir an empty folder for the downloaded model and the report files */
    public EvaluateJob(SparkSession spark, EvaluateConfig config, Tracker tracker, Path workDir) {
        this.spark = spark;
        this.config = config;
        this.tracker = tracker;
        this.workDir = workDir;
    }

    public EvaluateResult run(String warehouse, ModelSelector selector) {
        String noiseFolder = config.requireNoiseCorpus();
        ModelRegistry registry = tracker.registry();
        ModelVersion version = selector.resolve(registry);
        ModelLineage lineage = ModelLineage.of(version);
        TrainedModel model = TrainedModel.download(registry, version, lineage.training(), workDir.resolve("model"));
        TestSet test = TestSet.of(spark, new DeltaStore(spark, warehouse), lineage.training());
        NoiseCorpus noise = NoiseCorpusLoader.load(
                "spira.evaluate.noise-corpus", noiseFolder, spark.sparkContext().hadoopConfiguration(), model.spec());
        Map<TestCondition, List<WindowPrediction>> predictions = score(test, model, noise);
        Map<TestCondition, EvaluationReport> reports = evaluate(predictions, test.attributes());
        return new EvaluationRecorder(tracker, config, workDir.resolve("reports"))
                .record(version, lineage, new DeltaStore(spark, warehouse), noise.contentHash(), reports);
    }

    /** Both conditions' window predictions, computed on the executors. */
    Map<TestCondition, List<WindowPrediction>> score(TestSet test, TrainedModel model, NoiseCorpus noise) {
        Broadcast<byte[]> bytes =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(model.modelZip());
        ScorePartition scorer = new ScorePartition(
                bytes, model.spec().framesPerWindow(), model.spec().nMfcc(), config.batchWindows());
        Map<TestCondition, List<WindowPrediction>> predictions = new EnumMap<>(TestCondition.class);
        predictions.put(TestCondition.CLEAN, collect(scorer.apply(test.cleanWindows())));
        predictions.put(
                TestCondition.NOISY_CONTROLS,
                collect(scorer.apply(
                        test.noisyControlWindows(model.spec(), noise, config.noiseCount(), config.seed()))));
        return predictions;
    }

    private Map<TestCondition, EvaluationReport> evaluate(
            Map<TestCondition, List<WindowPrediction>> predictions, List<RecordingAttributes> attributes) {
        Evaluator evaluator = new Evaluator(config.evaluation());
        Map<TestCondition, EvaluationReport> reports = new EnumMap<>(TestCondition.class);
        predictions.forEach((condition, windows) ->
                reports.put(condition, evaluator.evaluate(condition.key(), windows, attributes)));
        return reports;
    }

    private static List<WindowPrediction> collect(Dataset<Row> predictions) {
        return predictions.collectAsList().stream()
                .map(row -> new WindowPrediction(row.getString(0), row.getInt(1), row.getInt(2), row.getDouble(3)))
                .toList();
    }
}
