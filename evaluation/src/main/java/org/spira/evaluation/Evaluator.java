package org.spira.evaluation;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates window predictions of one test condition (SPIRA.md section 7): aggregates them
 * per recording, computes every metric at both levels and per slice. Pure and
 * deterministic: the same predictions, in any order, with the same spec give the same
 * report.
 */
public final class Evaluator {
    private final EvaluationSpec spec;
    private final MetricsCalculator calculator;

    public Evaluator(EvaluationSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.calculator = new MetricsCalculator(spec);
    }

    /**
     * @param condition the test condition's name, e.g. "clean" or "noisy_controls"
     * @param predictions one per window, of one condition; at least one
     * @param attributes slicing attributes, at most one per recording; recordings without an
     *     entry count as unknown in every dimension, entries of absent recordings are ignored
     */
    public EvaluationReport evaluate(
            String condition, List<WindowPrediction> predictions, Collection<RecordingAttributes> attributes) {
        if (condition == null || condition.isBlank()) {
            throw new IllegalArgumentException("condition is blank: name the test condition, e.g. \"clean\"");
        }
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException(
                    "no window predictions for condition " + condition + ": the test set scored nothing");
        }
        List<RecordingScore> recordings = RecordingAggregator.aggregate(predictions);
        ScoredSet windowItems = ScoredSet.ofWindows(recordings);
        ScoredSet recordingItems = ScoredSet.ofRecordings(recordings);
        return new EvaluationReport(
                condition,
                spec,
                calculator.compute(Level.WINDOW, windowItems),
                calculator.compute(Level.RECORDING, recordingItems),
                new Slicer(spec, calculator).slices(recordings, byRecording(attributes)),
                RocCurve.of(windowItems),
                RocCurve.of(recordingItems));
    }

    private static Map<String, RecordingAttributes> byRecording(Collection<RecordingAttributes> attributes) {
        Map<String, RecordingAttributes> map = new HashMap<>();
        int position = 0;
        for (RecordingAttributes a : attributes) {
            if (map.put(a.recordingId(), a) != null) {
                throw new IllegalArgumentException("attributes #" + position
                        + " repeat a recording already described: pass one attribute row per recording");
            }
            position++;
        }
        return map;
    }
}
