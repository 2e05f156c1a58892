package org.spira.pipeline.evaluate;

import java.util.Map;
import java.util.TreeMap;
import org.spira.evaluation.ConfidenceInterval;
import org.spira.evaluation.Estimate;
import org.spira.evaluation.EvaluationReport;
import org.spira.evaluation.LevelMetrics;
import org.spira.evaluation.MetricNames;
import org.spira.evaluation.TestCondition;

/**
 * An {@link EvaluationReport}'s overall metrics as flat MLflow metrics ({@link MetricNames}).
 * An undefined metric, or an unavailable interval, is left out rather than logged as NaN: the
 * report's JSON artifact says why it is missing.
 */
public final class ReportMetrics {
    private ReportMetrics() {}

    /** Every condition's metrics, name to value, sorted by name. */
    public static Map<String, Double> flatten(Map<TestCondition, EvaluationReport> reports) {
        Map<String, Double> metrics = new TreeMap<>();
        reports.forEach((condition, report) -> metrics.putAll(flatten(condition, report)));
        return metrics;
    }

    /** Name to value, sorted by name. */
    public static Map<String, Double> flatten(TestCondition condition, EvaluationReport report) {
        Map<String, Double> metrics = new TreeMap<>();
        for (LevelMetrics level : new LevelMetrics[] {report.windows(), report.recordings()}) {
            put(metrics, MetricNames.of(condition, level.level(), "accuracy"), level.accuracy());
            put(metrics, MetricNames.of(condition, level.level(), "f1"), level.f1());
            put(metrics, MetricNames.of(condition, level.level(), "sensitivity"), level.sensitivity());
            put(metrics, MetricNames.of(condition, level.level(), "specificity"), level.specificity());
            put(metrics, MetricNames.of(condition, level.level(), "roc_auc"), level.auc());
        }
        return metrics;
    }

    private static void put(Map<String, Double> metrics, String name, Estimate estimate) {
        if (estimate instanceof Estimate.Defined defined) {
            metrics.put(name, defined.value());
            if (defined.interval() instanceof ConfidenceInterval.Bounds bounds) {
                metrics.put(name + MetricNames.LOWER, bounds.lower());
                metrics.put(name + MetricNames.UPPER, bounds.upper());
            }
        }
    }
}
