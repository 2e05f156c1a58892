package org.spira.pipeline.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.spira.evaluation.ConfusionMatrixChart;
import org.spira.evaluation.EvaluationReport;
import org.spira.evaluation.Level;
import org.spira.evaluation.MetricNames;
import org.spira.evaluation.ReportJson;
import org.spira.evaluation.ReportMarkdown;
import org.spira.evaluation.RocChart;
import org.spira.evaluation.TestCondition;
import org.spira.evaluation.WindowPrediction;
import org.spira.pipeline.config.EvaluateConfig;
import org.spira.pipeline.evaluate.PromotionRule.Champion;
import org.spira.pipeline.io.StorageException;
import org.spira.pipeline.registry.ModelLineage;
import org.spira.pipeline.registry.ModelThreshold;
import org.spira.pipeline.registry.TrainingLineage;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tracking.ModelRegistry;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.RunSpec;
import org.spira.pipeline.tracking.Tracker;

/**
 * Records an evaluation in MLflow: a run named {@code evaluate} (tags naming the version and its
 * lineage, the stage's params, the tables read as inputs, the flattened metrics, the reports and
 * charts as artifacts), the headline metrics as tags of the version, and the promotion decision
 * on both, and the threshold the metrics were measured at as the version's tag {@value
 * ModelThreshold#TAG} (what {@code score} uses). Artifacts: {@code reports/<condition>.json},
 * {@code reports/<condition>.md}, {@code plots/<condition>_confusion_matrix.png} and {@code
 * plots/<condition>_roc.png} (per recording), {@code predictions/<condition>.csv} (each test
 * recording's probability, {@link RecordingPredictionsCsv}).
 */
final class EvaluationRecorder {
    private final Tracker tracker;
    private final EvaluateConfig config;
    private final Path folder;

    EvaluationRecorder(Tracker tracker, EvaluateConfig config, Path folder) {
        this.tracker = tracker;
        this.config = config;
        this.folder = folder;
    }

    EvaluateResult record(
            ModelVersion version,
            ModelLineage lineage,
            DeltaStore store,
            String noiseCorpus,
            Map<TestCondition, EvaluationReport> reports,
            Map<TestCondition, List<WindowPrediction>> predictions,
            Optional<Champion> champion) {
        Map<String, Double> metrics = ReportMetrics.flatten(reports);
        ModelRegistry registry = tracker.registry();
        return tracker.run(runSpec(version, lineage, noiseCorpus), run -> {
            run.logParams(params(version));
            run.logInputs(lineage.training().datasetInputs(store, "test"));
            run.logMetrics(metrics, 0);
            run.uploadArtifacts(writeArtifacts(reports, predictions), "");
            PromotionDecision decision = promote(registry, version, metrics, champion);
            tagVersion(registry, version.version(), run.id(), metrics, decision);
            run.setTags(decision.tags());
            return new EvaluateResult(
                    run.id(),
                    version.model(),
                    version.version(),
                    lineage,
                    noiseCorpus,
                    counts(reports, true),
                    counts(reports, false),
                    metrics,
                    decision);
        });
    }

    private RunSpec runSpec(ModelVersion version, ModelLineage lineage, String noiseCorpus) {
        return RunSpec.named("evaluate")
                .tag("spira.stage", "evaluate")
                .tag("spira.model.name", version.model())
                .tag("spira.model.version", Long.toString(version.version()))
                .tag(TrainingLineage.TRAIN_RUN_ID, lineage.trainRunId())
                .tag(TrainingLineage.FEATURES_TABLE, lineage.training().featuresTable())
                .tag(
                        TrainingLineage.FEATURES_VERSION,
                        Long.toString(lineage.training().featuresVersion()))
                .tag(TrainingLineage.FEATURE_SPEC_HASH, lineage.training().featureSpecHash())
                .tag(
                        TrainingLineage.RECORDINGS_VERSION,
                        Long.toString(lineage.training().recordingsVersion()))
                .tag(
                        TrainingLineage.SPLITS_VERSION,
                        Long.toString(lineage.training().splitsVersion()))
                .tag("spira.evaluate.noise_corpus.hash", noiseCorpus);
    }

    private Map<String, Object> params(ModelVersion version) {
        Map<String, Object> params = new LinkedHashMap<>(config.params());
        params.put("model.name", version.model());
        params.put("model.version", version.version());
        return params;
    }

    /** The reports, charts and per-recording predictions of every condition, written below {@link #folder}. */
    private Path writeArtifacts(
            Map<TestCondition, EvaluationReport> reports, Map<TestCondition, List<WindowPrediction>> predictions) {
        try {
            Files.createDirectories(folder.resolve("reports"));
            Files.createDirectories(folder.resolve("plots"));
            Files.createDirectories(folder.resolve("predictions"));
            for (Map.Entry<TestCondition, EvaluationReport> entry : reports.entrySet()) {
                String name = entry.getKey().key();
                EvaluationReport report = entry.getValue();
                Files.writeString(folder.resolve("reports/" + name + ".json"), ReportJson.toJson(report));
                Files.writeString(folder.resolve("reports/" + name + ".md"), ReportMarkdown.toMarkdown(report));
                Files.write(
                        folder.resolve("plots/" + name + "_confusion_matrix.png"),
                        ConfusionMatrixChart.png(report.recordings().confusion(), name + ": recordings"));
                Files.write(
                        folder.resolve("plots/" + name + "_roc.png"),
                        RocChart.png(report.recordingRoc(), name + ": recordings"));
                Files.writeString(
                        folder.resolve("predictions/" + name + ".csv"),
                        RecordingPredictionsCsv.of(
                                predictions.get(entry.getKey()),
                                config.evaluation().decision()));
            }
            return folder;
        } catch (IOException e) {
            throw new StorageException(
                    "cannot write the evaluation reports to " + folder + ": check the local disk (java.io.tmpdir)", e);
        }
    }

    /** Decides against the champion (scored on the candidate's test set) and moves the alias when the rule says so. */
    private PromotionDecision promote(
            ModelRegistry registry, ModelVersion version, Map<String, Double> metrics, Optional<Champion> champion) {
        PromotionRule rule = new PromotionRule(config.promotion());
        PromotionDecision decision = rule.decide(version.version(), metrics, champion);
        if (decision.promoted()) {
            registry.setAlias(config.promotion().alias(), version.version());
        }
        return decision;
    }

    /** The version's evaluation tags: recording-level values of both conditions, the rule's metric, the decision. */
    private void tagVersion(
            ModelRegistry registry,
            long version,
            String runId,
            Map<String, Double> metrics,
            PromotionDecision decision) {
        Map<String, String> tags = new LinkedHashMap<>();
        metrics.forEach((name, value) -> {
            boolean headline = name.contains("." + Level.RECORDING.key() + ".")
                    && MetricNames.METRICS.stream().anyMatch(metric -> name.endsWith("." + metric));
            if (headline || name.equals(config.promotion().metric())) {
                tags.put(PromotionRule.tag(name), Double.toString(value));
            }
        });
        tags.put(PromotionRule.TAG_PREFIX + "run_id", runId);
        tags.put(ModelThreshold.TAG, Double.toString(config.evaluation().threshold()));
        tags.putAll(decision.tags());
        tags.forEach((key, value) -> registry.setTag(version, key, value));
    }

    private static Map<TestCondition, Long> counts(Map<TestCondition, EvaluationReport> reports, boolean recordings) {
        Map<TestCondition, Long> counts = new EnumMap<>(TestCondition.class);
        reports.forEach((condition, report) -> counts.put(
                condition,
                (recordings ? report.recordings() : report.windows())
                        .confusion()
                        .total()));
        return counts;
    }
}
