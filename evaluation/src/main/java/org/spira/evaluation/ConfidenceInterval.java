package org.spira.evaluation;

/**
 * A two-sided 95 % confidence interval, or the reason there is none. Bounds are in the
 * metric's own unit (proportions in [0, 1]).
 */
public sealed interface ConfidenceInterval {
    /** Nominal coverage of every interval reported here. */
    double LEVEL = 0.95;

    /** The standard normal quantile for {@link #LEVEL}: Phi^-1(0.975). */
    double Z = 1.959963984540054;

    /** The method that produced (or would have produced) the interval, e.g. "wilson". */
    String method();

    /** An interval with its bounds, lower <= upper. */
    record Bounds(double lower, double upper, String method) implements ConfidenceInterval {
        public Bounds {
            if (!(lower <= upper) || Double.isInfinite(lower) || Double.isInfinite(upper)) {
                throw new IllegalArgumentException("confidence interval [" + lower + ", " + upper + "] from " + method
                        + " is not finite and ordered");
            }
        }
    }

    /** No interval: {@code reason} says why (e.g. too few items for the method's variance). */
    record Unavailable(String method, String reason) implements ConfidenceInterval {}
}
