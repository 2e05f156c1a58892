package org.spira.evaluation;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The names of the metrics an evaluate run logs: {@code <condition>.<level>.<metric>} for the
 * value and {@code ...ci_lower} / {@code ...ci_upper} for its 95 % interval, e.g. {@code
 * noisy_controls.recording.accuracy.ci_lower}. All are proportions or AUCs in [0, 1], higher is
 * better.
 */
public final class MetricNames {
    /** The metrics of each level, as {@code ReportJson} names them. */
    public static final List<String> METRICS = List.of("accuracy", "f1", "sensitivity", "specificity", "roc_auc");

    public static final String LOWER = ".ci_lower";
    public static final String UPPER = ".ci_upper";

    private static final SortedSet<String> ALL = all();

    private MetricNames() {}

    /** The value's name, e.g. {@code clean.recording.roc_auc}. */
    public static String of(TestCondition condition, Level level, String metric) {
        return condition.key() + "." + level.key() + "." + metric;
    }

    /** Whether an evaluate run can log a metric of this name. */
    public static boolean isKnown(String name) {
        return ALL.contains(name);
    }

    /** Every name, sorted. */
    public static SortedSet<String> known() {
        return ALL;
    }

    private static SortedSet<String> all() {
        SortedSet<String> names = new TreeSet<>();
        for (TestCondition condition : TestCondition.values()) {
            for (Level level : Level.values()) {
                for (String metric : METRICS) {
                    String value = of(condition, level, metric);
                    names.addAll(List.of(value, value + LOWER, value + UPPER));
                }
            }
        }
        return Collections.unmodifiableSortedSet(names);
    }
}
