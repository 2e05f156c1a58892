package org.spira.evaluation;

/** A metric's value with its interval, or the reason the metric is undefined (never NaN). */
public sealed interface Estimate {

    /** A defined value (a proportion or AUC in [0, 1]) and its 95 % interval. */
    record Defined(double value, ConfidenceInterval interval) implements Estimate {
        public Defined {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("metric value " + value + " is not in [0, 1]");
            }
        }
    }

    /** The metric does not exist for these data; {@code reason} says why (e.g. "no patients"). */
    record Undefined(String reason) implements Estimate {}
}
