package org.spira.features.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both {@link FrameBatch} implementations against {@link FrameAnalyzer} frame by frame. */
class FrameBatchTest {
    private static final FeatureSpec SPEC = FeatureSpec.spira();
    /** nFft = 1024 is not 3 x winLength: the JTransforms path. */
    private static final FeatureSpec OTHER_FFT =
            new FeatureSpec(16_000, 64_000, 16_000, 1024, 400, 160, 40, 40, 0.0, 8000.0, 80.0, 6, 0.99, 0.03, 0.19);

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 16})
    void decimatedBatchMatchesTheFullFftOnNoiseAndSines(int count) {
        float[] x = noisySines(20_000, count);
        DecimatedFrameBatch batch = new DecimatedFrameBatch(SPEC);
        batch.loadSupports(count, x, 1000, 997);

        batch.transform(count);

        for (int c = 0; c < count; c++) {
            assertColumnMatches(SPEC, batch, c, x, 1000 + 997 * c);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-200, -40, 63_700})
    void reflectedFramesMatchTheFullFft(int relativeStart) {
        float[] x = noisySines(80_000, 3);
        FrameAnalyzer analyzer = new FrameAnalyzer(SPEC);
        analyzer.loadReflected(x, 5000, 64_000, relativeStart);
        double[] expected = new double[40];
        analyzer.melDecibels(expected, 0);
        DecimatedFrameBatch batch = new DecimatedFrameBatch(SPEC);
        batch.loadReflected(0, x, 5000, 64_000, relativeStart);

        batch.transform(1);

        double[] actual = new double[40];
        batch.copyFrame(0, actual, 0, new double[40], 0);
        for (int m = 0; m < 40; m++) {
            assertEquals(expected[m], actual[m], 1e-9, "band " + m);
        }
    }

    @org.junit.jupiter.api.Test
    void aSmallerBatchAfterAFullOneIgnoresTheStaleColumns() {
        float[] loud = noisySines(20_000, 11);
        float[] quiet = new float[20_000];
        for (int i = 0; i < quiet.length; i++) {
            quiet[i] = (float) (1e-4 * Math.sin(0.05 * i));
        }
        DecimatedFrameBatch batch = new DecimatedFrameBatch(SPEC);
        batch.loadSupports(batch.capacity(), loud, 0, 160);
        batch.transform(batch.capacity());
        batch.loadSupports(1, quiet, 3000, 160);

        batch.transform(1);

        assertColumnMatches(SPEC, batch, 0, quiet, 3000);
    }

    @org.junit.jupiter.api.Test
    void specsWithoutThreeTimesWinLengthUseTheSerialPath() {
        assertTrue(DecimatedFrameBatch.supports(SPEC));
        assertFalse(DecimatedFrameBatch.supports(OTHER_FFT));
        assertInstanceOf(DecimatedFrameBatch.class, FrameBatch.forSpec(SPEC));
        assertInstanceOf(SerialFrameBatch.class, FrameBatch.forSpec(OTHER_FFT));
        assertThrows(IllegalArgumentException.class, () -> new DecimatedFrameBatch(OTHER_FFT));
    }

    @org.junit.jupiter.api.Test
    void serialBatchMatchesTheAnalyzer() {
        float[] x = noisySines(20_000, 5);
        SerialFrameBatch batch = new SerialFrameBatch(OTHER_FFT);
        batch.loadSupports(2, x, 100, 3900);

        batch.transform(2);

        assertColumnMatches(OTHER_FFT, batch, 0, x, 100);
        assertColumnMatches(OTHER_FFT, batch, 1, x, 4000);
    }

    /** Column c against FrameAnalyzer (mel dB, to 1e-9 dB) and DctMatrix.apply on those values. */
    private static void assertColumnMatches(FeatureSpec spec, FrameBatch batch, int column, float[] x, int start) {
        FrameAnalyzer analyzer = new FrameAnalyzer(spec);
        analyzer.loadSupport(x, start);
        double[] expectedDb = new double[40];
        analyzer.melDecibels(expectedDb, 0);
        double[] expectedDct = new double[40];
        new DctMatrix(40, 40).apply(expectedDb, 0, expectedDct, 0);
        double[] db = new double[40];
        double[] dct = new double[40];

        batch.copyFrame(column, db, 0, dct, 0);

        for (int m = 0; m < 40; m++) {
            assertEquals(expectedDb[m], db[m], 1e-9, "column " + column + " band " + m);
            assertEquals(expectedDct[m], dct[m], 1e-8, "column " + column + " coefficient " + m);
        }
    }

    /** Gaussian noise plus a few sines whose frequencies depend on {@code seed}. */
    private static float[] noisySines(int length, int seed) {
        Random random = new Random(seed);
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            double tone = 0.3 * Math.sin(2 * Math.PI * (200 + 37 * seed) * i / 16000.0)
                    + 0.1 * Math.sin(2 * Math.PI * (3100 + 11 * seed) * i / 16000.0);
            x[i] = (float) (tone + 0.01 * random.nextGaussian());
        }
        return x;
    }
}
