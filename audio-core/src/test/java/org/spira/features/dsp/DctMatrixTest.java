package org.spira.features.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DctMatrixTest {

    @ParameterizedTest
    @CsvSource({"40, 40, 1", "40, 40, 16", "40, 13, 7", "41, 41, 5", "7, 3, 2", "1, 1, 3"})
    void batchedTransformMatchesTheFrameByFrameOne(int nMels, int nMfcc, int width) {
        DctMatrix dct = new DctMatrix(nMfcc, nMels);
        Random random = new Random(nMels * 100L + width);
        double[][] batch = new double[nMels][width];
        for (double[] band : batch) {
            for (int b = 0; b < width; b++) {
                band[b] = -100 + 120 * random.nextDouble();
            }
        }
        double[][] out = new double[nMfcc][width];

        dct.applyBatch(batch, width, out);

        for (int b = 0; b < width; b++) {
            double[] frame = new double[nMels];
            for (int m = 0; m < nMels; m++) {
                frame[m] = batch[m][b];
            }
            double[] expected = new double[nMfcc];
            dct.apply(frame, 0, expected, 0);
            for (int k = 0; k < nMfcc; k++) {
                assertEquals(expected[k], out[k][b], 1e-11, "frame " + b + " coefficient " + k);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"40, 40", "41, 41"})
    void aConstantFrameHasOnlyTheFirstCoefficient(int nMels, int nMfcc) {
        DctMatrix dct = new DctMatrix(nMfcc, nMels);
        double[][] db = new double[nMels][2];
        for (double[] band : db) {
            java.util.Arrays.fill(band, -80.0);
        }
        double[][] out = new double[nMfcc][2];

        dct.applyBatch(db, 2, out);

        // Orthonormal DCT-II of a constant c over N bands: c0 = c sqrt(N), the rest 0.
        assertEquals(-80.0 * Math.sqrt(nMels), out[0][0], 1e-10);
        assertEquals(-80.0 * Math.sqrt(nMels), out[0][1], 1e-10);
        for (int k = 1; k < nMfcc; k++) {
            assertEquals(0.0, out[k][0], 1e-10, "coefficient " + k);
            assertEquals(0.0, out[k][1], 1e-10, "coefficient " + k);
        }
    }
}
