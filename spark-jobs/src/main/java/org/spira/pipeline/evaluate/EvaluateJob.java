package org.spira.pipeline.evaluate;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spira.evaluation.EvaluationReport;
import org.spira.evaluation.Evaluator;
import org.spira.evaluation.RecordingAttributes;
import org.spira.evaluation.TestCondition;
import org.spira.evaluation.WindowPrediction;
import org.spira.features.NoiseCorpus;
import org.spira.features.dsp.FeatureSpec;
import org.spira.pipeline.config.EvaluateConfig;
import org.spira.pipeline.evaluate.PromotionRule.Champion;
import org.spira.pipeline.io.NoiseCorpusLoader;
import org.spira.pipeline.registry.ModelLineage;
import org.spira.pipeline.registry.Recorded;
import org.spira.pipeline.registry.TrainedModel;
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
 * PromotionRule} after the champion is scored on the same test set.
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
        ModelRegistry registry = tracker.registry();
        ModelVersion version = selector.resolve(registry);
        ModelLineage lineage = ModelLineage.of(version).orElseThrow();
        DeltaStore store = new DeltaStore(spark, warehouse);
        TrainedModel model = TrainedModel.download(registry, version, lineage.training(), workDir.resolve("model"))
                .orElseThrow();
        TestSet test = TestSet.of(spark, store, lineage.training());
        List<RecordingAttributes> attributes = test.attributes();
        NoiseCorpus noise = noise(model.spec());
        Map<TestCondition, List<WindowPrediction>> predictions = score(test, model, noise);
        Map<TestCondition, EvaluationReport> reports = evaluate(predictions, attributes);
        Optional<Champion> champion = registry.byAlias(config.promotion().alias())
                .map(holder -> holder.version() == version.version()
                        ? Champion.scored(holder.version(), ReportMetrics.flatten(reports))
                        : challenge(registry, holder, test, attributes, model, noise));
        return new EvaluationRecorder(tracker, config, workDir.resolve("reports"))
                .record(version, lineage, store, noise.contentHash(), reports, predictions, champion);
    }

    /**
     * The champion scored on the candidate's test set: the same recordings at the same table
     * versions, the same noise corpus, seed and variant, with its own network and FeatureSpec
     * (its clean windows are the features table's rows of its own feature version). The
     * candidate's noise corpus is reused when the two FeatureSpecs are equal. A champion whose
     * lineage or files cannot be read, or without clean windows of the test recordings, is not
     * scored, and the reason is kept.
     */
    private Champion challenge(
            ModelRegistry registry,
            ModelVersion holder,
            TestSet test,
            List<RecordingAttributes> attributes,
            TrainedModel candidate,
            NoiseCorpus candidateNoise) {
        Recorded<ModelLineage> lineage = ModelLineage.of(holder);
        Recorded<TrainedModel> model = lineage.then(recorded -> TrainedModel.download(
                registry, holder, recorded.training(), workDir.resolve("champion-" + holder.version())));
        if (model.problem().isPresent()) {
            return Champion.notScored(holder.version(), model.problem().get());
        }
        String featureVersion = lineage.orElseThrow().training().featureSpecHash();
        TrainedModel champion = model.orElseThrow();
        TestSet same = test.withFeatureVersion(featureVersion);
        long missing = same.missingFrom(test);
        if (missing > 0) {
            return Champion.notScored(
                    holder.version(),
                    missing + " test recordings have no clean windows of its feature version " + featureVersion
                            + " in the candidate's features table version; featurize them with its FeatureSpec first");
        }
        NoiseCorpus noise = champion.spec().equals(candidate.spec()) ? candidateNoise : noise(champion.spec());
        Map<TestCondition, EvaluationReport> reports = evaluate(score(same, champion, noise), attributes);
        return Champion.scored(holder.version(), ReportMetrics.flatten(reports));
    }

    private NoiseCorpus noise(FeatureSpec spec) {
        return NoiseCorpusLoader.load(
                "spira.evaluate.noise-corpus",
                config.requireNoiseCorpus(),
                spark.sparkContext().hadoopConfiguration(),
                spec);
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
                .map(ScorePartition::prediction)
                .toList();
    }
}
