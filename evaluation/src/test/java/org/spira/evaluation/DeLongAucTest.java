package org.spira.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeLongAucTest {

    /**
     * Patients {0.8, 0.4, 0.5}, controls {0.2, 0.7, 0.4}. Pairs won (ties 1/2): 0.8 beats all
     * three (3); 0.4 beats 0.2, loses to 0.7, ties 0.4 (1.5); 0.5 beats 0.2 and 0.4 (2).
     * AUC = 6.5 / 9 = 13/18. V10 = (1, 1/2, 2/3); V01 = (3/3, 1/3, 2.5/3). Deviations from
     * 13/18 in eighteenths: V10 (5, -4, -1), V01 (5, -7, 2); S10 = 42/324/2 = 7/108, S01 =
     * 78/324/2 = 13/108; Var = S10/3 + S01/3 = 20/324 = 5/81. Interval 13/18 -+ z sqrt(5/81)
     * = [0.23527, 1.209], truncated to 1.
     */
    @Test
    void handDerivedExampleWithATie() {
        double[] patients = {0.8, 0.4, 0.5};
        double[] controls = {0.2, 0.7, 0.4};
        DeLongAuc.Result r = DeLongAuc.compute(patients, controls);
        assertEquals(13.0 / 18, r.auc(), 1e-15);
        assertArrayEquals(new double[] {1, 0.5, 2.0 / 3}, r.patientPlacements(), 1e-15);
        assertArrayEquals(new double[] {1, 1.0 / 3, 2.5 / 3}, r.controlPlacements(), 1e-15);
        assertEquals(5.0 / 81, r.variance(), 1e-15);
        ConfidenceInterval.Bounds ci = bounds(DeLongAuc.estimate(patients, controls));
        assertEquals(13.0 / 18 - ConfidenceInterval.Z * Math.sqrt(5.0 / 81), ci.lower(), 1e-12);
        assertEquals(0.2352652552, ci.lower(), 1e-9);
        assertEquals(1.0, ci.upper());
    }

    /**
     * Hanley and McNeil (1982), Radiology 143:29-36, Table 1: CT ratings 1-5 of 58 normal and
     * 51 abnormal patients, counts (33, 6, 6, 11, 2) and (3, 2, 2, 11, 33). Their Wilcoxon area
     * with ties counted 1/2 is 0.893 (heavily tied data: five distinct scores).
     */
    @Test
    void hanleyMcNeilRatingData() {
        double[] abnormal = ratings(3, 2, 2, 11, 33);
        double[] normal = ratings(33, 6, 6, 11, 2);
        DeLongAuc.Result r = DeLongAuc.compute(abnormal, normal);
        assertEquals(0.893, r.auc(), 5e-4);
        assertEquals(bruteForceAuc(abnormal, normal), r.auc(), 1e-12);
    }

    /** Midrank placements against the O(m n) definitions, on seeded data full of ties. */
    @Test
    void matchesPairCountingOnTiedRandomData() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 20; trial++) {
            double[] patients = tiedScores(random, 2 + random.nextInt(40), 0.15);
            double[] controls = tiedScores(random, 2 + random.nextInt(40), 0.0);
            DeLongAuc.Result r = DeLongAuc.compute(patients, controls);
            double[] v10 = new double[patients.length];
            double[] v01 = new double[controls.length];
            for (int i = 0; i < patients.length; i++) {
                for (int j = 0; j < controls.length; j++) {
                    double psi = psi(patients[i], controls[j]);
                    v10[i] += psi / controls.length;
                    v01[j] += psi / patients.length;
                }
            }
            double auc = bruteForceAuc(patients, controls);
            assertEquals(auc, r.auc(), 1e-12);
            assertArrayEquals(v10, r.patientPlacements(), 1e-12);
            assertArrayEquals(v01, r.controlPlacements(), 1e-12);
            double expected = variance(v10, auc) / patients.length + variance(v01, auc) / controls.length;
            assertEquals(expected, r.variance(), 1e-12);
        }
    }

    @Test
    void perfectSeparationHasNoInterval() {
        Estimate e = DeLongAuc.estimate(new double[] {0.9, 0.8}, new double[] {0.1, 0.2});
        assertEquals(1.0, ((Estimate.Defined) e).value());
        var interval = assertInstanceOf(ConfidenceInterval.Unavailable.class, ((Estimate.Defined) e).interval());
        assertTrue(interval.reason().contains("variance is 0"), interval.reason());
    }

    /** Every score tied: each pair counts 1/2, AUC = 0.5 exactly, placements constant. */
    @Test
    void allScoresTiedGiveOneHalf() {
        Estimate e = DeLongAuc.estimate(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5});
        assertEquals(0.5, ((Estimate.Defined) e).value());
        assertInstanceOf(ConfidenceInterval.Unavailable.class, ((Estimate.Defined) e).interval());
    }

    @Test
    void aSinglePatientHasAnAucButNoVariance() {
        Estimate e = DeLongAuc.estimate(new double[] {0.6}, new double[] {0.1, 0.7, 0.6});
        assertEquals(1.5 / 3, ((Estimate.Defined) e).value(), 1e-15);
        var interval = assertInstanceOf(ConfidenceInterval.Unavailable.class, ((Estimate.Defined) e).interval());
        assertTrue(interval.reason().contains("at least 2 patients and 2 controls"), interval.reason());
    }

    @Test
    void midranksAverageTiedPositions() {
        assertArrayEquals(
                new double[] {3.5, 1, 3.5, 2, 6, 6, 6}, DeLongAuc.midranks(new double[] {3, 1, 3, 2, 9, 9, 9}), 0);
    }

    static ConfidenceInterval.Bounds bounds(Estimate e) {
        return assertInstanceOf(
                ConfidenceInterval.Bounds.class,
                assertInstanceOf(Estimate.Defined.class, e).interval());
    }

    private static double psi(double patient, double control) {
        return patient > control ? 1 : patient == control ? 0.5 : 0;
    }

    private static double bruteForceAuc(double[] patients, double[] controls) {
        double wins = 0;
        for (double x : patients) {
            for (double y : controls) {
                wins += psi(x, y);
            }
        }
        return wins / ((double) patients.length * controls.length);
    }

    private static double variance(double[] values, double mean) {
        return Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1);
    }

    private static double[] ratings(int... countPerRating) {
        return java.util.stream.IntStream.range(0, countPerRating.length)
                .flatMap(r -> java.util.stream.IntStream.generate(() -> r + 1).limit(countPerRating[r]))
                .asDoubleStream()
                .toArray();
    }

    /** Scores on a grid of tenths (so ties are common), shifted up by {@code lift}. */
    private static double[] tiedScores(SplittableRandom random, int count, double lift) {
        double[] scores = new double[count];
        for (int i = 0; i < count; i++) {
            scores[i] = Math.min(1.0, Math.round(random.nextDouble() * 10) / 10.0 + lift);
        }
        return scores;
    }
}
