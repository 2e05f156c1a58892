package org.spira.features.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BatchedFftTest {

    @ParameterizedTest
    @CsvSource({"400, 1", "400, 6", "400, 24", "400, 7", "2, 3", "3, 5", "12, 4", "60, 9", "125, 2", "1024, 3"})
    void matchesANaiveDftOnRandomSignals(int size, int width) {
        Random random = new Random(size * 31L + width);
        double[] re = new double[size * width];
        double[] im = new double[size * width];
        for (int i = 0; i < re.length; i++) {
            re[i] = random.nextGaussian();
            im[i] = random.nextGaussian();
        }
        double[][] expected = naiveDft(re, im, size, width);

        new BatchedFft(size).forward(re, im, width);

        // Round-off grows like log(size); the naive sum itself carries about size * 1e-16.
        double tolerance = 1e-12 * Math.sqrt(size) * size;
        assertArrayEquals(expected[0], re, tolerance);
        assertArrayEquals(expected[1], im, tolerance);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 16})
    void matchesJTransformsColumnByColumn(int width) {
        int size = 400;
        Random random = new Random(width);
        double[] re = new double[size * width];
        double[] im = new double[size * width];
        double[][] interleaved = new double[width][2 * size];
        for (int j = 0; j < size; j++) {
            for (int b = 0; b < width; b++) {
                re[j * width + b] = random.nextDouble() - 0.5;
                im[j * width + b] = random.nextDouble() - 0.5;
                interleaved[b][2 * j] = re[j * width + b];
                interleaved[b][2 * j + 1] = im[j * width + b];
            }
        }
        DoubleFFT_1D reference = new DoubleFFT_1D(size);
        BatchedFft fft = new BatchedFft(size);

        fft.forward(re, im, width);

        for (int b = 0; b < width; b++) {
            reference.complexForward(interleaved[b]);
            for (int k = 0; k < size; k++) {
                assertEquals(interleaved[b][2 * k], re[k * width + b], 1e-12, "signal " + b + " bin " + k);
                assertEquals(interleaved[b][2 * k + 1], im[k * width + b], 1e-12, "signal " + b + " bin " + k);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 199, 200})
    void aComplexExponentialLandsInOneBin(int bin) {
        int size = 400;
        int width = 3;
        double[] re = new double[size * width];
        double[] im = new double[size * width];
        for (int j = 0; j < size; j++) {
            double angle = 2.0 * Math.PI * bin * j / size;
            for (int b = 0; b < width; b++) {
                re[j * width + b] = (b + 1) * Math.cos(angle);
                im[j * width + b] = (b + 1) * Math.sin(angle);
            }
        }

        new BatchedFft(size).forward(re, im, width);

        for (int k = 0; k < size; k++) {
            for (int b = 0; b < width; b++) {
                double expected = k == bin ? size * (b + 1.0) : 0.0;
                assertEquals(expected, re[k * width + b], 1e-10, "bin " + k);
                assertEquals(0.0, im[k * width + b], 1e-10, "bin " + k);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void factorsIntoRadicesTwoToFiveOnly() {
        assertArrayEquals(new int[] {4, 4, 5, 5}, BatchedFft.factor(400));
        assertArrayEquals(new int[] {4, 3, 2}, BatchedFft.factor(24));
        assertTrue(BatchedFft.supports(1200));
        assertFalse(BatchedFft.supports(1));
        assertFalse(BatchedFft.supports(14));
        assertThrows(IllegalArgumentException.class, () -> new BatchedFft(7));
    }

    /** X[k] = sum_j x[j] exp(-2 pi i j k / size), column by column, with exact angle reduction. */
    private static double[][] naiveDft(double[] re, double[] im, int size, int width) {
        double[][] out = {new double[re.length], new double[re.length]};
        for (int b = 0; b < width; b++) {
            for (int k = 0; k < size; k++) {
                double sumRe = 0;
                double sumIm = 0;
                for (int j = 0; j < size; j++) {
                    double angle = -2.0 * Math.PI * ((long) j * k % size) / size;
                    double c = Math.cos(angle);
                    double s = Math.sin(angle);
                    sumRe += re[j * width + b] * c - im[j * width + b] * s;
                    sumIm += re[j * width + b] * s + im[j * width + b] * c;
                }
                out[0][k * width + b] = sumRe;
                out[1][k * width + b] = sumIm;
            }
        }
        return out;
    }
}
