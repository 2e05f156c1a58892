package org.spira.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class StratifiedBootstrapTest {
    private static final int PATIENTS = 20;
    private static final int PATIENT_HITS = 14;
    private static final int CONTROLS = 30;
    private static final int CONTROL_HITS = 6;

    /**
     * Resampling each class with replacement makes the replicate's TP ~ Binomial(20, 14/20)
     * and FP ~ Binomial(30, 6/30), independent. F1 = 2TP / (2TP + FP + FN) = 2TP / (TP + 20 +
     * FP). Enumerating all (TP, FP) gives the exact bootstrap distribution; with 20 000
     * replicates the percentile bounds must sit between its 2 % and 3 % (97 % and 98 %)
     * quantiles.
     */
    @Test
    void f1IntervalMatchesTheExactBootstrapDistribution() {
        StratifiedBootstrap bootstrap = new StratifiedBootstrap(20_000, 11L);
        ConfidenceInterval.Bounds ci =
                bootstrap.interval(hits(PATIENTS, PATIENT_HITS), hits(CONTROLS, CONTROL_HITS), ConfusionMatrix::f1);
        List<double[]> exact = exactF1Distribution();
        assertTrue(ci.lower() >= exactQuantile(exact, 0.02) && ci.lower() <= exactQuantile(exact, 0.03), "" + ci);
        assertTrue(ci.upper() >= exactQuantile(exact, 0.97) && ci.upper() <= exactQuantile(exact, 0.98), "" + ci);
        assertEquals(StratifiedBootstrap.METHOD, ci.method());
    }

    @Test
    void aSeedFixesTheReplicates() {
        boolean[] patients = hits(PATIENTS, PATIENT_HITS);
        boolean[] controls = hits(CONTROLS, CONTROL_HITS);
        double[] first = new StratifiedBootstrap(500, 3L).replicateValues(patients, controls, ConfusionMatrix::f1);
        double[] again = new StratifiedBootstrap(500, 3L).replicateValues(patients, controls, ConfusionMatrix::f1);
        double[] other = new StratifiedBootstrap(500, 4L).replicateValues(patients, controls, ConfusionMatrix::f1);
        assertArrayEquals(first, again, 0);
        assertFalse(Arrays.equals(first, other));
    }

    /** Every patient found and no control flagged: every resample has F1 = 1. */
    @Test
    void aPerfectClassifierHasAPointInterval() {
        ConfidenceInterval.Bounds ci =
                new StratifiedBootstrap(300, 1L).interval(hits(5, 5), hits(7, 0), ConfusionMatrix::f1);
        assertEquals(1.0, ci.lower());
        assertEquals(1.0, ci.upper());
    }

    /** Type 7: h = (n - 1) q; [1, 2, 3, 4] at q = 0.025 gives h = 0.075, so 1 + 0.075 (NumPy agrees). */
    @Test
    void quantileInterpolatesLinearly() {
        double[] sorted = {1, 2, 3, 4};
        assertEquals(1.075, StratifiedBootstrap.quantile(sorted, 0.025), 1e-15);
        assertEquals(3.925, StratifiedBootstrap.quantile(sorted, 0.975), 1e-15);
        assertEquals(4.0, StratifiedBootstrap.quantile(sorted, 1.0));
    }

    private static boolean[] hits(int size, int hits) {
        boolean[] array = new boolean[size];
        Arrays.fill(array, 0, hits, true);
        return array;
    }

    /** (F1, probability) for every (TP, FP), sorted by F1. */
    private static List<double[]> exactF1Distribution() {
        List<double[]> outcomes = new ArrayList<>();
        for (int tp = 0; tp <= PATIENTS; tp++) {
            for (int fp = 0; fp <= CONTROLS; fp++) {
                double p = binomial(PATIENTS, tp, (double) PATIENT_HITS / PATIENTS)
                        * binomial(CONTROLS, fp, (double) CONTROL_HITS / CONTROLS);
                outcomes.add(new double[] {2.0 * tp / (tp + PATIENTS + fp), p});
            }
        }
        outcomes.sort(Comparator.comparingDouble(o -> o[0]));
        return outcomes;
    }

    private static double exactQuantile(List<double[]> sortedOutcomes, double q) {
        double cumulative = 0;
        for (double[] o : sortedOutcomes) {
            cumulative += o[1];
            if (cumulative >= q) {
                return o[0];
            }
        }
        return sortedOutcomes.get(sortedOutcomes.size() - 1)[0];
    }

    private static double binomial(int n, int k, double p) {
        double logChoose = 0;
        for (int i = 1; i <= k; i++) {
            logChoose += Math.log(n - k + i) - Math.log(i);
        }
        return Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p));
    }
}
