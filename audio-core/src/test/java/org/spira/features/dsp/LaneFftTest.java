package org.spira.features.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LaneFftTest {

    @ParameterizedTest
    @CsvSource({
        "400, 1", "400, 6", "400, 96", "400, 7", "2, 3", "3, 5", "5, 9", "12, 4", "60, 9", "125, 2", "1024, 3",
        "1200, 2"
    })
    void matchesANaiveDftOnRandomSignals(int size, int width) {
        Random random = new Random(size * 31L + width);
        double[][] re = new double[size][width];
        double[][] im = new double[size][width];
        for (int j = 0; j < size; j++) {
            for (int b = 0; b < width; b++) {
                re[j][b] = random.nextGaussian();
                im[j][b] = random.nextGaussian();
            }
        }
        double[][][] expected = naiveDft(re, im);
        LaneFft fft = new LaneFft(size);

        fft.forward(re, im, width);

        // Round-off grows like log(size); the naive sum itself carries about size * 1e-16.
        double tolerance = 1e-12 * Math.sqrt(size) * size;
        for (int k = 0; k < size; k++) {
            assertArrayEquals(expected[0][k], re[fft.row(k)], tolerance, "bin " + k);
            assertArrayEquals(expected[1][k], im[fft.row(k)], tolerance, "bin " + k);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 16, 96})
    void matchesJTransformsSignalBySignal(int width) {
        int size = 400;
        Random random = new Random(width);
        double[][] re = new double[size][width];
        double[][] im = new double[size][width];
        double[][] interleaved = new double[width][2 * size];
        for (int j = 0; j < size; j++) {
            for (int b = 0; b < width; b++) {
                re[j][b] = random.nextDouble() - 0.5;
                im[j][b] = random.nextDouble() - 0.5;
                interleaved[b][2 * j] = re[j][b];
                interleaved[b][2 * j + 1] = im[j][b];
            }
        }
        DoubleFFT_1D reference = new DoubleFFT_1D(size);
        LaneFft fft = new LaneFft(size);

        fft.forward(re, im, width);

        for (int b = 0; b < width; b++) {
            reference.complexForward(interleaved[b]);
            for (int k = 0; k < size; k++) {
                assertEquals(interleaved[b][2 * k], re[fft.row(k)][b], 1e-12, "signal " + b + " bin " + k);
                assertEquals(interleaved[b][2 * k + 1], im[fft.row(k)][b], 1e-12, "signal " + b + " bin " + k);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 199, 200, 399})
    void aComplexExponentialLandsInOneBin(int bin) {
        int size = 400;
        int width = 3;
        double[][] re = new double[size][width];
        double[][] im = new double[size][width];
        for (int j = 0; j < size; j++) {
            double angle = 2.0 * Math.PI * ((long) bin * j % size) / size;
            for (int b = 0; b < width; b++) {
                re[j][b] = (b + 1) * Math.cos(angle);
                im[j][b] = (b + 1) * Math.sin(angle);
            }
        }
        LaneFft fft = new LaneFft(size);

        fft.forward(re, im, width);

        for (int k = 0; k < size; k++) {
            for (int b = 0; b < width; b++) {
                double expected = k == bin ? size * (b + 1.0) : 0.0;
                assertEquals(expected, re[fft.row(k)][b], 1e-10, "bin " + k);
                assertEquals(0.0, im[fft.row(k)][b], 1e-10, "bin " + k);
            }
        }
    }

    @Test
    void lanesBeyondTheWidthDoNotReachTheResultAndRenamedRowsTransformAgain() {
        int size = 60;
        Random random = new Random(3);
        double[][] re = new double[size][8];
        double[][] im = new double[size][8];
        for (int j = 0; j < size; j++) {
            for (int b = 0; b < 8; b++) {
                re[j][b] = b < 5 ? random.nextGaussian() : Double.NaN;
                im[j][b] = b < 5 ? random.nextGaussian() : Double.NaN;
            }
        }
        double[][][] expected = naiveDft(re, im);
        LaneFft fft = new LaneFft(size);

        fft.forward(re, im, 5);

        for (int k = 0; k < size; k++) {
            for (int b = 0; b < 5; b++) {
                assertEquals(expected[0][k][b], re[fft.row(k)][b], 1e-11, "bin " + k + " signal " + b);
                assertEquals(expected[1][k][b], im[fft.row(k)][b], 1e-11, "bin " + k + " signal " + b);
            }
        }
        // The rows were renamed (some now belong to the spare pool): a second transform of all
        // lanes of what the arrays hold now is exact again.
        for (int j = 0; j < size; j++) {
            for (int b = 5; b < 8; b++) {
                re[j][b] = random.nextGaussian();
                im[j][b] = random.nextGaussian();
            }
        }
        double[][][] again = naiveDft(re, im);
        fft.forward(re, im, 8);
        for (int k = 0; k < size; k++) {
            assertArrayEquals(again[0][k], re[fft.row(k)], 1e-9, "bin " + k);
            assertArrayEquals(again[1][k], im[fft.row(k)], 1e-9, "bin " + k);
        }
    }

    @Test
    void factorsIntoRadicesTwoThreeAndFiveOnly() {
        assertArrayEquals(new int[] {5, 5, 2, 2, 2, 2}, LaneFft.factor(400));
        assertArrayEquals(new int[] {3, 2, 2, 2}, LaneFft.factor(24));
        assertTrue(LaneFft.supports(1200));
        assertFalse(LaneFft.supports(1));
        assertFalse(LaneFft.supports(14));
        assertThrows(IllegalArgumentException.class, () -> new LaneFft(7));
    }

    @Test
    void rejectsRowsThatDoNotFit() {
        LaneFft fft = new LaneFft(4);
        assertThrows(IllegalArgumentException.class, () -> fft.forward(new double[3][2], new double[3][2], 2));
        assertThrows(IllegalArgumentException.class, () -> fft.forward(new double[4][2], new double[4][2], 3));
        double[][] ragged = {new double[2], new double[2], new double[1], new double[2]};
        assertThrows(IllegalArgumentException.class, () -> fft.forward(ragged, new double[4][2], 1));
    }

    /** X[k] = sum_j x[j] exp(-2 pi i j k / size), signal by signal, with exact angle reduction. */
    private static double[][][] naiveDft(double[][] re, double[][] im) {
        int size = re.length;
        int width = re[0].length;
        double[][][] out = {new double[size][width], new double[size][width]};
        for (int b = 0; b < width; b++) {
            for (int k = 0; k < size; k++) {
                double sumRe = 0;
                double sumIm = 0;
                for (int j = 0; j < size; j++) {
                    double angle = -2.0 * Math.PI * ((long) j * k % size) / size;
                    double c = Math.cos(angle);
                    double s = Math.sin(angle);
                    sumRe += re[j][b] * c - im[j][b] * s;
                    sumIm += re[j][b] * s + im[j][b] * c;
                }
                out[0][k][b] = sumRe;
                out[1][k][b] = sumIm;
            }
        }
        return out;
    }
}
