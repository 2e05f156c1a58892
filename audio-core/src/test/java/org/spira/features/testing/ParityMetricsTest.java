package org.spira.features.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The error measures on hand-computable inputs. */
class ParityMetricsTest {

    @Test
    void relativeL2IsTheNormOfTheDifferenceOverTheNormOfTheReference() {
        // ||(3, 4) - (0, 0)|| / ||(3, 4)|| = 1;  ||(3, 4.5) - (3, 4)|| / 5 = 0.1
        assertEquals(1.0, ParityMetrics.relativeL2(new float[] {0, 0}, new float[] {3, 4}), 1e-15);
        assertEquals(0.1, ParityMetrics.relativeL2(new float[] {3, 4.5f}, new float[] {3, 4}), 1e-15);
        assertEquals(0.0, ParityMetrics.relativeL2(new float[] {0}, new float[] {0}));
        assertEquals(Double.POSITIVE_INFINITY, ParityMetrics.relativeL2(new float[] {1e-30f}, new float[] {0}));
    }

    @Test
    void maxAbsDiffFindsTheLargestDeviationAndItsIndex() {
        float[] ours = {1, -2, 3.5f};
        float[] ref = {1.25f, -2, 3};

        assertEquals(0.5, ParityMetrics.maxAbsDiff(ours, ref));
        assertEquals(2, ParityMetrics.argMaxAbsDiff(ours, ref));
        assertEquals(0.0, ParityMetrics.maxAbsDiff(new float[0], new float[0]));
        assertEquals(-1, ParityMetrics.argMaxAbsDiff(new float[0], new float[0]));
    }

    @Test
    void nanAnywhereMakesTheErrorNan() {
        float[] ours = {Float.NaN, 100};
        float[] ref = {0, 0};

        assertTrue(Double.isNaN(ParityMetrics.maxAbsDiff(ours, ref)));
        assertTrue(Double.isNaN(ParityMetrics.relativeL2(ours, new float[] {1, 1})));
        assertEquals(0, ParityMetrics.argMaxAbsDiff(ours, ref));
    }

    @Test
    void rejectsArraysOfDifferentLengths() {
        assertThrows(IllegalArgumentException.class, () -> ParityMetrics.relativeL2(new float[1], new float[2]));
        assertThrows(IllegalArgumentException.class, () -> ParityMetrics.maxAbsDiff(new float[1], new float[2]));
    }
}
