package org.spira.evaluation;

/**
 * Wilson's score interval for a binomial proportion (Wilson 1927; Newcombe 1998, method 3):
 * the set of p whose score test |x/n - p| <= z sqrt(p (1 - p) / n) does not reject. Unlike
 * the Wald interval it stays inside [0, 1] and does not collapse to a point at 0/n or n/n.
 */
final class WilsonInterval {
    static final String METHOD = "wilson";

    private WilsonInterval() {}

    /** The 95 % interval of {@code successes / trials}; {@code trials} must be positive. */
    static ConfidenceInterval.Bounds of(long successes, long trials) {
        if (trials <= 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException(
                    "Wilson interval needs 0 <= successes <= trials and trials > 0, got " + successes + "/" + trials);
        }
        double n = trials;
        double p = successes / n;
        double z2 = ConfidenceInterval.Z * ConfidenceInterval.Z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double halfWidth = ConfidenceInterval.Z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // At 0/n and n/n the exact bound is 0 or 1; rounding must not push it outside [0, 1].
        double lower = successes == 0 ? 0.0 : Math.max(0.0, centre - halfWidth);
        double upper = successes == trials ? 1.0 : Math.min(1.0, centre + halfWidth);
        return new ConfidenceInterval.Bounds(lower, upper, METHOD);
    }
}
