package org.spira.evaluation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * ROC AUC as the Mann-Whitney probability P(X > Y) + P(X = Y) / 2, X a patient's score and Y
 * a control's, with DeLong's variance (DeLong, DeLong and Clarke-Pearson 1988), both computed
 * from midranks in O(n log n) (Sun and Xu 2014) instead of over all m x n pairs.
 *
 * <p>Placement values: V10(X_i) is the share of controls that patient i outranks (ties 1/2),
 * V01(Y_j) the share of patients that outrank control j. The AUC is the mean of either;
 * Var(AUC) = S10 / m + S01 / n with S10, S01 their sample variances (denominators m - 1,
 * n - 1). The interval AUC +- z sqrt(Var) is truncated to [0, 1], as pROC does. A tie is
 * exact equality of the doubles: two recording means that differ only by rounding are not tied.
 */
final class DeLongAuc {
    static final String METHOD = "delong";

    /**
     * @param auc Mann-Whitney AUC in [0, 1]
     * @param variance DeLong's variance estimate, NaN when fewer than two of a class exist
     * @param patientPlacements V10 per patient, in input order (length m)
     * @param controlPlacements V01 per control, in input order (length n)
     */
    record Result(double auc, double variance, double[] patientPlacements, double[] controlPlacements) {}

    private DeLongAuc() {}

    /** AUC and variance from the scores of m >= 1 patients and n >= 1 controls. */
    static Result compute(double[] patientScores, double[] controlScores) {
        int m = patientScores.length;
        int n = controlScores.length;
        if (m == 0 || n == 0) {
            throw new IllegalArgumentException(
                    "AUC needs at least one patient and one control, got " + m + " and " + n);
        }
        double[] combined = new double[m + n];
        System.arraycopy(patientScores, 0, combined, 0, m);
        System.arraycopy(controlScores, 0, combined, m, n);
        double[] combinedRanks = midranks(combined);
        double[] patientRanks = midranks(patientScores);
        double[] controlRanks = midranks(controlScores);
        double[] v10 = new double[m];
        double[] v01 = new double[n];
        for (int i = 0; i < m; i++) {
            v10[i] = (combinedRanks[i] - patientRanks[i]) / n;
        }
        for (int j = 0; j < n; j++) {
            v01[j] = 1.0 - (combinedRanks[m + j] - controlRanks[j]) / m;
        }
        double auc = mean(v10);
        double variance = m < 2 || n < 2 ? Double.NaN : sampleVariance(v10, auc) / m + sampleVariance(v01, auc) / n;
        return new Result(auc, variance, v10, v01);
    }

    /** The AUC with its DeLong interval, or an unavailable interval saying why. */
    static Estimate estimate(double[] patientScores, double[] controlScores) {
        Result result = compute(patientScores, controlScores);
        return new Estimate.Defined(result.auc(), interval(result, patientScores.length, controlScores.length));
    }

    private static ConfidenceInterval interval(Result result, int m, int n) {
        if (m < 2 || n < 2) {
            return new ConfidenceInterval.Unavailable(
                    METHOD, "DeLong's variance needs at least 2 patients and 2 controls (got " + m + " and " + n + ")");
        }
        if (result.variance() == 0) {
            return new ConfidenceInterval.Unavailable(
                    METHOD,
                    "DeLong's variance is 0 (every patient-control pair is ordered the same way or tied): "
                            + "a normal interval of width 0 would claim certainty");
        }
        double half = ConfidenceInterval.Z * Math.sqrt(result.variance());
        return new ConfidenceInterval.Bounds(
                Math.max(0.0, result.auc() - half), Math.min(1.0, result.auc() + half), METHOD);
    }

    /** 1-based ranks of {@code values}, tied values sharing the mean of their ranks. */
    static double[] midranks(double[] values) {
        Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        int start = 0;
        while (start < order.length) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double midrank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = midrank;
            }
            start = end + 1;
        }
        return ranks;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double sampleVariance(double[] values, double mean) {
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (values.length - 1);
    }
}
