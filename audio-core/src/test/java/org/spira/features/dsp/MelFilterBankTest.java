package org.spira.features.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Analytic checks of the building blocks: triangles, DCT, Hann window, reflect indices. */
class MelFilterBankTest {
    private static final FeatureSpec SPEC = FeatureSpec.spira();
    private static final MelFilterBank BANK = new MelFilterBank(SPEC);

    @Test
    void weightsFollowTheTriangleFormula() {
        int[][] cases = {{0, 0}, {3, 0}, {5, 1}, {40, 10}, {41, 10}, {150, 25}, {400, 35}, {600, 39}, {590, 39}};
        for (int[] c : cases) {
            int bin = c[0];
            int m = c[1];
            assertEquals(triangle(bin * 8000.0 / 600, m), BANK.weight(bin, m), 1e-12, "bin " + bin + " filter " + m);
        }
    }

    @Test
    void overlappingTrianglesSumToOneBetweenTheFirstAndLastCentre() {
        for (int bin = 0; bin < 601; bin++) {
            double hz = bin * 8000.0 / 600;
            if (hz >= corner(1) && hz <= corner(40)) {
                double sum = 0;
                for (int m = 0; m < 40; m++) {
                    sum += BANK.weight(bin, m);
                }
                assertEquals(1.0, sum, 1e-9, "bin " + bin);
            }
        }
    }

    @Test
    void everyFilterHasAPositiveWeight() {
        for (int m = 0; m < 40; m++) {
            double max = 0;
            for (int bin = 0; bin < 601; bin++) {
                max = Math.max(max, BANK.weight(bin, m));
            }
            assertTrue(max > 0.5 && max <= 1.0, "filter " + m + " peaks at " + max);
        }
    }

    @Test
    void dctIsOrthonormal() {
        DctMatrix dct = new DctMatrix(40, 40);
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 40; j++) {
                double dot = 0;
                for (int m = 0; m < 40; m++) {
                    dot += dct.get(m, i) * dct.get(m, j);
                }
                assertEquals(i == j ? 1.0 : 0.0, dot, 1e-12, "(D^T D)[" + i + "][" + j + "]");
            }
        }
        assertEquals(1 / Math.sqrt(40), dct.get(17, 0), 1e-15);
        assertEquals(Math.sqrt(2.0 / 40) * Math.cos(Math.PI / 40 * 3.5 * 5), dct.get(3, 5), 1e-15);
    }

    @Test
    void hannIsPeriodic() {
        double[] hann = FrameAnalyzer.periodicHann(400);
        assertEquals(0.0, hann[0], 0.0);
        assertEquals(1.0, hann[200], 1e-15);
        assertEquals(hann[1], hann[399], 1e-15);
        assertEquals(0.5, hann[100], 1e-15);
    }

    @Test
    void reflectPaddingDoesNotRepeatTheEdgeSample() {
        assertEquals(1, FrameAnalyzer.reflect(-1, 10));
        assertEquals(200, FrameAnalyzer.reflect(-200, 64_000));
        assertEquals(8, FrameAnalyzer.reflect(10, 10));
        assertEquals(5, FrameAnalyzer.reflect(5, 10));
    }

    @Test
    void edgeFramesAreTheOnesReflectPaddingReaches() {
        FrameLayout layout = new FrameLayout(SPEC, -200, 400);
        assertEquals(4, layout.edgeFrames());
        for (int t : new int[] {0, 1, 399, 400}) {
            assertTrue(!layout.isInterior(t), "frame " + t);
        }
        assertTrue(layout.isInterior(2) && layout.isInterior(398));
    }

    private static double corner(int i) {
        double melMax = 2595 * Math.log10(1 + 8000 / 700.0);
        return 700 * (Math.pow(10, i * melMax / 41 / 2595) - 1);
    }

    private static double triangle(double hz, int m) {
        double rising = (hz - corner(m)) / (corner(m + 1) - corner(m));
        double falling = (corner(m + 2) - hz) / (corner(m + 2) - corner(m + 1));
        return Math.max(0, Math.min(rising, falling));
    }
}
