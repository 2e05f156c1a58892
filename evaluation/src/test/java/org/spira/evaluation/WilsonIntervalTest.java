package org.spira.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WilsonIntervalTest {

    /** Newcombe (1998), Statistics in Medicine 17:857-872, Table II, method 3 (score interval). */
    @ParameterizedTest
    @CsvSource({"81, 263, 0.2553, 0.3662", "15, 148, 0.0624, 0.1605", "0, 20, 0.0000, 0.1611", "1, 29, 0.0061, 0.1718"})
    void matchesNewcombesPublishedExamples(long successes, long trials, double lower, double upper) {
        ConfidenceInterval.Bounds ci = WilsonInterval.of(successes, trials);
        assertEquals(lower, ci.lower(), 5e-5);
        assertEquals(upper, ci.upper(), 5e-5);
        assertEquals("wilson", ci.method());
    }

    /**
     * The Wilson interval is the set of p the score test accepts: |x/n - p| <= z sqrt(p(1-p)/n).
     * Its bounds are the roots of that equality, found here by bisection on each side of x/n,
     * independently of the closed form. 99/108 is SPIRA's best clean seed, 94/108 its 87.04 %.
     */
    @ParameterizedTest
    @CsvSource({"99, 108", "94, 108", "54, 108", "1, 7"})
    void boundsAreWhereTheScoreTestStopsRejecting(long successes, long trials) {
        double phat = (double) successes / trials;
        ConfidenceInterval.Bounds ci = WilsonInterval.of(successes, trials);
        assertEquals(scoreTestRoot(successes, trials, 0, phat), ci.lower(), 1e-12);
        assertEquals(scoreTestRoot(successes, trials, 1, phat), ci.upper(), 1e-12);
    }

    /**
     * SPIRA.md: "a 108-item test has a 95 % interval of about +-6 points around 87 %". Exactly:
     * 94/108 = 87.04 % gives [79.41 %, 92.12 %] (half-width 6.35 points, asymmetric: -7.6/+5.1);
     * 99/108 = 91.67 % gives [84.92 %, 95.55 %] (half-width 5.32 points).
     */
    @Test
    void aHundredAndEightItemTestIsAboutSixPointsWide() {
        ConfidenceInterval.Bounds at87 = WilsonInterval.of(94, 108);
        assertEquals(0.7941, at87.lower(), 5e-5);
        assertEquals(0.9212, at87.upper(), 5e-5);
        ConfidenceInterval.Bounds at92 = WilsonInterval.of(99, 108);
        assertEquals(0.8492, at92.lower(), 5e-5);
        assertEquals(0.9555, at92.upper(), 5e-5);
        for (ConfidenceInterval.Bounds ci : new ConfidenceInterval.Bounds[] {at87, at92}) {
            double halfWidth = (ci.upper() - ci.lower()) / 2;
            assertTrue(halfWidth > 0.05 && halfWidth < 0.07, "half-width " + halfWidth);
        }
    }

    @Test
    void extremesReachExactlyZeroAndOne() {
        assertEquals(0.0, WilsonInterval.of(0, 5).lower());
        assertEquals(1.0, WilsonInterval.of(5, 5).upper());
        // 5/5: the lower bound is n / (n + z^2).
        double z2 = ConfidenceInterval.Z * ConfidenceInterval.Z;
        assertEquals(5 / (5 + z2), WilsonInterval.of(5, 5).lower(), 1e-12);
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(0, 0));
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(6, 5));
    }

    private static double scoreTestRoot(long x, long n, double outer, double phat) {
        if (phat == outer) {
            return outer;
        }
        double inside = phat;
        double outside = outer;
        for (int i = 0; i < 200; i++) {
            double p = (inside + outside) / 2;
            boolean accepted = Math.abs(phat - p) <= ConfidenceInterval.Z * Math.sqrt(p * (1 - p) / n);
            if (accepted) {
                inside = p;
            } else {
                outside = p;
            }
        }
        return (inside + outside) / 2;
    }
}
