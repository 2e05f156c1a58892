package org.spira.pipeline.evaluate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.spira.evaluation.Level;
import org.spira.evaluation.MetricNames;
import org.spira.evaluation.TestCondition;
import org.spira.pipeline.StageResult;
import org.spira.pipeline.TableVersions;
import org.spira.pipeline.registry.ModelLineage;

/**
 * What one evaluate run did.
 *
 * @param runId the MLflow run of the evaluation
 * @param model registered model name
 * @param modelVersion the evaluated version
 * @param lineage what the version was trained from (and which table versions were read)
 * @param noiseCorpus content hash of the noise corpus of the noisy condition
 * @param recordings test recordings per condition
 * @param windows scored windows per condition
 * @param metrics every logged metric (see {@link MetricNames})
 * @param promotion the champion decision
 */
@JsonPropertyOrder({
    "run_id",
    "model",
    "model_version",
    "train_run_id",
    "recordings",
    "windows",
    "metrics",
    "promotion",
    "noise_corpus",
    "tables"
})
public record EvaluateResult(
        @JsonProperty("run_id") String runId,
        @JsonProperty("model") String model,
        @JsonProperty("model_version") long modelVersion,
        ModelLineage lineage,
        @JsonProperty("noise_corpus") String noiseCorpus,
        Map<TestCondition, Long> recordings,
        Map<TestCondition, Long> windows,
        Map<String, Double> metrics,
        @JsonProperty("promotion") PromotionDecision promotion)
        implements StageResult {
    /** The metrics of the summary, per recording under each condition. */
    private static final List<String> HEADLINE = List.of("accuracy", "f1", "roc_auc");

    public EvaluateResult {
        recordings = Map.copyOf(recordings);
        windows = Map.copyOf(windows);
        metrics = Map.copyOf(metrics);
    }

    @JsonProperty("train_run_id")
    public String trainRunId() {
        return lineage.trainRunId();
    }

    /** Test recordings per condition, by the condition's key. */
    @JsonProperty("recordings")
    public Map<String, Long> recordingsByCondition() {
        return byConditionKey(recordings);
    }

    /** Scored windows per condition, by the condition's key. */
    @JsonProperty("windows")
    public Map<String, Long> windowsByCondition() {
        return byConditionKey(windows);
    }

    /** Accuracy, F1 and ROC AUC per recording under each condition; null when undefined. */
    @JsonProperty("metrics")
    public Map<String, Double> headlineMetrics() {
        Map<String, Double> headline = new LinkedHashMap<>();
        for (TestCondition condition : TestCondition.values()) {
            for (String metric : HEADLINE) {
                String name = MetricNames.of(condition, Level.RECORDING, metric);
                headline.put(name, metrics.get(name));
            }
        }
        return headline;
    }

    /** The versions of the tables the model was trained on, which the test set was read from. */
    @JsonProperty("tables")
    public Map<String, Long> tables() {
        return lineage.training().tableVersions();
    }

    @Override
    public TableVersions tableVersions() {
        return new TableVersions(tables(), Map.of());
    }

    @Override
    public Optional<String> mlflowRunId() {
        return Optional.of(runId);
    }

    private static Map<String, Long> byConditionKey(Map<TestCondition, Long> counts) {
        Map<String, Long> byKey = new LinkedHashMap<>();
        for (TestCondition condition : TestCondition.values()) {
            if (counts.containsKey(condition)) {
                byKey.put(condition.key(), counts.get(condition));
            }
        }
        return byKey;
    }
}
