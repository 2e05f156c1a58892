package org.spira.pipeline.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.spira.pipeline.stats.Divergence.Histogram;

class DivergenceTest {
    /** The percentiles at ranks 0, 0.01, ..., 1 of the uniform distribution on [low, high]. */
    private static Histogram uniform(double low, double high, double weight) {
        return new Histogram(
                IntStream.rangeClosed(0, 100)
                        .mapToDouble(i -> low + (high - low) * i / 100.0)
                        .toArray(),
                weight);
    }

    @Test
    void equalDistributionsAreZeroApartAndDisjointOnesOne() {
        assertEquals(0, Divergence.ofHistograms(List.of(uniform(0, 1, 5)), List.of(uniform(0, 1, 900))), 1e-12);
        assertEquals(1, Divergence.ofHistograms(List.of(uniform(0, 1, 1)), List.of(uniform(2, 3, 1))), 1e-12);
        assertEquals(0, Divergence.ofCounts(Map.of(16000, 3L, 48000, 1L), Map.of(16000, 30L, 48000, 10L)), 1e-12);
        assertEquals(1, Divergence.ofCounts(Map.of("a", 3L), Map.of("b", 2L)), 1e-12);
    }

    @Test
    void halfOverlappingUniformsAreHalfApart() {
        // U[0,2] against U[1,3]: M is 1/4 on [0,1] and [2,3], 1/2 on [1,2]; KL(P||M) = 1/2 log2(2) = 1/2
        assertEquals(0.5, Divergence.ofHistograms(List.of(uniform(0, 2, 1)), List.of(uniform(1, 3, 1))), 1e-12);
        // the categorical form of the same: {a: 1, b: 1} against {b: 1, c: 1}
        assertEquals(0.5, Divergence.ofCounts(Map.of("a", 1L, "b", 1L), Map.of("b", 1L, "c", 1L)), 1e-12);
    }

    @Test
    void aMixtureWeighsItsHistogramsByTheirCounts() {
        // 3 parts U[0,1] and 1 part U[1,2] is the distribution with percentiles 0..1 up to rank 0.75
        Histogram mixed = new Histogram(
                IntStream.rangeClosed(0, 100)
                        .mapToDouble(i -> i <= 75 ? i / 75.0 : 1 + (i - 75) / 25.0)
                        .toArray(),
                1);
        assertEquals(0, Divergence.ofHistograms(List.of(uniform(0, 1, 3), uniform(1, 2, 1)), List.of(mixed)), 1e-12);
        // 1:3 against 3:1 is two coins of bias 1/4 and 3/4: JSD = H(1/2) - H(1/4) = 1 - 0.8113 bits
        double h = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)) / Math.log(2);
        assertEquals(
                1 - h, Divergence.ofHistograms(List.of(uniform(0, 1, 1), uniform(1, 2, 3)), List.of(mixed)), 1e-12);
    }

    @Test
    void tiedPercentilesAreAnAtomThatOnlyTheSameAtomMatches() {
        double[] atZero = new double[101];
        for (int i = 50; i <= 100; i++) {
            atZero[i] = (i - 50) / 50.0; // half the values are exactly 0, half spread on [0, 1]
        }
        Histogram atom = new Histogram(atZero, 1);
        assertEquals(0, Divergence.ofHistograms(List.of(atom), List.of(new Histogram(atZero.clone(), 7))), 1e-12);
        // against U[0,1], the atom's half lies in a bucket where U has almost nothing
        assertTrue(Divergence.ofHistograms(List.of(atom), List.of(uniform(0, 1, 1))) > 0.3);
    }

    @Test
    void malformedInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Histogram(new double[] {1, 0}, 1));
        assertThrows(
                IllegalArgumentException.class, () -> Divergence.jensenShannon(new double[] {1}, new double[] {0}));
        assertThrows(
                IllegalArgumentException.class, () -> Divergence.jensenShannon(new double[] {1}, new double[] {1, 1}));
    }
}
