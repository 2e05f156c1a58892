package org.spira.pipeline.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spira.evaluation.EvaluationSpec;
import org.spira.evaluation.Evaluator;
import org.spira.evaluation.MetricNames;
import org.spira.evaluation.TestCondition;
import org.spira.evaluation.WindowPrediction;

/** Flattened metrics of hand-derived cases: values and Wilson bounds by formula. */
class ReportMetricsTest {
    private static final double Z = 1.959963984540054;

    /** Wilson score interval of k successes in n, the formula behind accuracy's bounds. */
    private static double[] wilson(int k, int n) {
        double p = k / (double) n;
        double z2 = Z * Z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] {centre - half, centre + half};
    }

    @Test
    void recordingAndWindowMetricsWithTheirBoundsUnderTheConditionsName() {
        // Patients score 0.9 and 0.4, controls 0.2 and 0.6 (two windows each, same mean): one of
        // each class is right, and three of the four patient/control pairs are ordered correctly.
        List<WindowPrediction> windows = List.of(
                new WindowPrediction("p1", 0, 1, 0.9), new WindowPrediction("p1", 1, 1, 0.9),
                new WindowPrediction("p2", 0, 1, 0.3), new WindowPrediction("p2", 1, 1, 0.5),
                new WindowPrediction("c1", 0, 0, 0.2), new WindowPrediction("c1", 1, 0, 0.2),
                new WindowPrediction("c2", 0, 0, 0.6), new WindowPrediction("c2", 1, 0, 0.6));
        Map<String, Double> metrics = ReportMetrics.flatten(
                TestCondition.NOISY_CONTROLS,
                new Evaluator(EvaluationSpec.defaults()).evaluate("noisy_controls", windows, List.of()));

        assertEquals(0.5, metrics.get("noisy_controls.recording.accuracy"));
        assertEquals(0.5, metrics.get("noisy_controls.recording.sensitivity"));
        assertEquals(0.5, metrics.get("noisy_controls.recording.specificity"));
        assertEquals(0.75, metrics.get("noisy_controls.recording.roc_auc"), 1e-12);
        double[] bounds = wilson(2, 4);
        assertEquals(bounds[0], metrics.get("noisy_controls.recording.accuracy.ci_lower"), 1e-12);
        assertEquals(bounds[1], metrics.get("noisy_controls.recording.accuracy.ci_upper"), 1e-12);
        // windows: p1's two, p2's 0.5 (>= threshold) and c1's two are right: 5 of 8
        assertEquals(0.625, metrics.get("noisy_controls.window.accuracy"));
        double[] windowBounds = wilson(5, 8);
        assertEquals(windowBounds[0], metrics.get("noisy_controls.window.accuracy.ci_lower"), 1e-12);
        assertTrue(
                metrics.keySet().stream().allMatch(MetricNames::isKnown),
                metrics.keySet().toString());
        assertTrue(metrics.keySet().stream().allMatch(name -> name.startsWith("noisy_controls.")));
    }

    @Test
    void undefinedMetricsAreLeftOutNotLoggedAsNaN() {
        List<WindowPrediction> controlsOnly =
                List.of(new WindowPrediction("c1", 0, 0, 0.2), new WindowPrediction("c2", 0, 0, 0.7));
        Map<String, Double> metrics = ReportMetrics.flatten(
                TestCondition.CLEAN,
                new Evaluator(EvaluationSpec.defaults()).evaluate("clean", controlsOnly, List.of()));
        assertEquals(0.5, metrics.get("clean.recording.specificity"));
        assertFalse(metrics.containsKey("clean.recording.sensitivity"), "no patients: undefined");
        assertFalse(metrics.containsKey("clean.recording.roc_auc"), "one class: undefined");
        assertTrue(metrics.values().stream().allMatch(Double::isFinite));
    }
}
