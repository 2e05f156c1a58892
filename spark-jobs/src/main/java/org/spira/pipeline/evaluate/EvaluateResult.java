package org.spira.pipeline.evaluate;

import java.util.Map;

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
public record EvaluateResult(
        String runId,
        String model,
        long modelVersion,
        ModelLineage lineage,
        String noiseCorpus,
        Map<TestCondition, Long> recordings,
        Map<TestCondition, Long> windows,
        Map<String, Double> metrics,
        PromotionDecision promotion) {
    public EvaluateResult {
        recordings = Map.copyOf(recordings);
        windows = Map.copyOf(windows);
        metrics = Map.copyOf(metrics);
    }
}
