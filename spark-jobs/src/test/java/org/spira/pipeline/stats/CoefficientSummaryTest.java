package org.spira.pipeline.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CoefficientSummaryTest {
    private static final int COEFFICIENTS = 3;
    private static final int FRAMES = 401;
    private static final double[] RANKS = FeatureStatistics.percentileRanks();

    /** 300 windows of 401 frames: coefficient c is normal with mean 100c - 50 and sd c + 1, coefficient 2 skewed. */
    private static List<float[]> windows(long seed, int count) {
        Random random = new Random(seed);
        List<float[]> windows = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            float[] window = new float[FRAMES * COEFFICIENTS];
            for (int f = 0; f < FRAMES; f++) {
                window[f * COEFFICIENTS] = (float) (-50 + random.nextGaussian());
                window[f * COEFFICIENTS + 1] = (float) (50 + 2 * random.nextGaussian());
                window[f * COEFFICIENTS + 2] = (float) (150 + 3 * Math.exp(random.nextGaussian()));
            }
            windows.add(window);
        }
        return windows;
    }

    private static CoefficientSummary summary(List<float[]> windows) {
        CoefficientSummary summary = new CoefficientSummary(COEFFICIENTS);
        windows.forEach(summary::addWindow);
        return summary;
    }

    /** Coefficient {@code c}'s values, sorted. */
    private static double[] sorted(List<float[]> windows, int c) {
        return windows.stream()
                .flatMapToDouble(
                        w -> java.util.stream.IntStream.range(0, FRAMES).mapToDouble(f -> w[f * COEFFICIENTS + c]))
                .sorted()
                .toArray();
    }

    @Test
    void momentsAreExactAndPercentilesWithinTheSketchsRankError() {
        List<float[]> windows = windows(1, 300);
        CoefficientSummary summary = summary(windows);
        assertEquals(300L * FRAMES, summary.count());
        double[][] percentiles = summary.quantiles(RANKS);
        for (int c = 0; c < COEFFICIENTS; c++) {
            double[] values = sorted(windows, c);
            double mean = Arrays.stream(values).average().orElseThrow();
            double variance =
                    Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length;
            assertEquals(mean, summary.means()[c], 1e-9 * Math.abs(mean), "mean of " + c);
            assertEquals(Math.sqrt(variance), summary.standardDeviations()[c], 1e-9, "sd of " + c);
            assertEquals(values[0], percentiles[c][0], "the minimum is exact");
            assertEquals(values[values.length - 1], percentiles[c][100], "the maximum is exact");
            for (int i = 1; i < 100; i++) {
                assertTrue(
                        atRank(values, percentiles[c][i], RANKS[i], 2 * summary.rankError()),
                        "coefficient " + c + " percentile " + i);
            }
        }
        assertTrue(summary.rankError() < 0.005, "rank error " + summary.rankError());
    }

    @Test
    void summariesOfPartsMergeIntoTheWholeAndSurviveTheirBytes() {
        List<float[]> windows = windows(2, 240);
        CoefficientSummary whole = summary(windows);
        CoefficientSummary merged = CoefficientSummary.fromBytes(
                        summary(windows.subList(0, 7)).toBytes())
                .merge(CoefficientSummary.fromBytes(
                        summary(windows.subList(7, 240)).toBytes()))
                .merge(new CoefficientSummary(COEFFICIENTS));
        assertEquals(whole.count(), merged.count());
        assertArrayEquals(whole.means(), merged.means(), 1e-9);
        assertArrayEquals(whole.standardDeviations(), merged.standardDeviations(), 1e-9);
        double[][] percentiles = merged.quantiles(RANKS);
        for (int c = 0; c < COEFFICIENTS; c++) {
            double[] values = sorted(windows, c);
            for (int i = 1; i < 100; i++) {
                assertTrue(atRank(values, percentiles[c][i], RANKS[i], 2 * merged.rankError()));
            }
        }
        CoefficientSummary copy = CoefficientSummary.fromBytes(merged.toBytes());
        assertArrayEquals(merged.quantiles(RANKS), copy.quantiles(RANKS), "the bytes keep the sketch");
    }

    @Test
    void aWindowThatIsNotFramesTimesCoefficientsAndAnEmptySummaryAreRefused() {
        CoefficientSummary summary = new CoefficientSummary(COEFFICIENTS);
        assertThrows(IllegalArgumentException.class, () -> summary.addWindow(new float[] {1f, 2f}));
        assertThrows(IllegalStateException.class, () -> summary.quantiles(RANKS));
        assertTrue(Double.isNaN(summary.means()[0]));
        assertThrows(IllegalArgumentException.class, () -> summary.merge(new CoefficientSummary(2)));
    }

    /**
     * Whether {@code value} is a value at {@code rank} of the sorted {@code values} within {@code
     * error}: at most rank + error of them lie below it, at least rank - error at or below it.
     */
    private static boolean atRank(double[] values, double value, double rank, double error) {
        long below = Arrays.stream(values).filter(v -> v < value).count();
        long atOrBelow = Arrays.stream(values).filter(v -> v <= value).count();
        return below <= (rank + error) * values.length && atOrBelow >= (rank - error) * values.length;
    }
}
