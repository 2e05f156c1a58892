package org.spira.features.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spira.features.testing.ParityMetrics;
import org.spira.features.testing.SharedData;

class MfccExtractorTest {
    private static final FeatureSpec SPEC = FeatureSpec.spira();
    /** 15.3 s, 16 kHz mono PCM16 from the public subset: 12 SPIRA windows. */
    private static final String RECORDING = "public/audio/L7S8iIPKgiO6QWLC3mGkROCMa0s1/vowel-a.wav";

    @Test
    void matchesTorchaudioMfccPerWindow() {
        float[] waveform = DspFixtures.golden("mfcc_in.f32");
        MfccExtractor extractor = new MfccExtractor(SPEC);

        float[][] windows = extractor.windows(waveform);

        assertEquals(2, windows.length);
        for (int w = 0; w < 2; w++) {
            float[] expected = DspFixtures.golden("mfcc_window" + w + ".f32");
            float[] reference = extractor.window(waveform, w * SPEC.stepSamples());
            // Measured 1.8e-6: torchaudio computes in float32, this class in double.
            assertTrue(ParityMetrics.relativeL2(windows[w], expected) <= 1e-5, "windows()[" + w + "] vs torchaudio");
            assertTrue(ParityMetrics.relativeL2(reference, expected) <= 1e-5, "window(" + w + ") vs torchaudio");
        }
    }

    @Test
    void sharedFramesGiveTheSameResultAsEachWindowAlone() {
        float[] waveform = DspFixtures.readPcm16Mono(SharedData.root().resolve(RECORDING));
        assertSharedEqualsReference(SPEC, waveform, 12);
    }

    @Test
    void sharedFramesStayExactWhenTheStepIsNotAMultipleOfTheHop() {
        float[] waveform = DspFixtures.readPcm16Mono(SharedData.root().resolve(RECORDING));
        // 3 s windows, step of 1.003 s: window starts fall on 160 / gcd(16050, 160) = 16 phases.
        assertSharedEqualsReference(SPEC.withWindow(48_000, 16_050), waveform, 13);
    }

    @Test
    void sharedAndEdgeFramesStayExactOverManyBatches() {
        // The recording three times over: 42 windows, so the edge frames (4 per window, 16
        // windows per batch) take three batches, the last one partial.
        float[] once = DspFixtures.readPcm16Mono(SharedData.root().resolve(RECORDING));
        float[] waveform = new float[3 * once.length];
        for (int copy = 0; copy < 3; copy++) {
            System.arraycopy(once, 0, waveform, copy * once.length, once.length);
        }
        assertSharedEqualsReference(SPEC, waveform, SPEC.windowCount(waveform.length));
        assertTrue(SPEC.windowCount(waveform.length) > 32);
        // 16 phase groups of 3 s windows: a group's edge frames fill batches of their own.
        FeatureSpec phased = SPEC.withWindow(48_000, 16_050);
        assertSharedEqualsReference(phased, waveform, phased.windowCount(waveform.length));
    }

    @Test
    void sharedFramesStayExactOnTheGeneralFftPath() {
        float[] waveform = DspFixtures.readPcm16Mono(SharedData.root().resolve(RECORDING));
        // nFft 1024 is not 3 x winLength, so frames go through JTransforms (SerialFrameBatch).
        FeatureSpec spec =
                new FeatureSpec(16_000, 64_000, 16_000, 1024, 400, 160, 40, 40, 0.0, 8000.0, 80.0, 6, 0.99, 0.03, 0.19);
        assertSharedEqualsReference(spec, waveform, 12);
    }

    @Test
    void spiraWindowHas401FramesOf40Coefficients() {
        float[] waveform = DspFixtures.sine(300, 16000, 64_000, 0.5, 0);

        float[][] windows = new MfccExtractor(SPEC).windows(waveform);

        assertEquals(1, windows.length);
        assertEquals(401 * 40, windows[0].length);
        assertEquals(301 * 40, new MfccExtractor(SPEC.withWindow(48_000, 16_000)).window(waveform, 0).length);
    }

    @Test
    void shorterThanOneWindowGivesNoWindows() {
        assertEquals(0, new MfccExtractor(SPEC).windows(new float[63_999]).length);
    }

    @Test
    void digitalSilenceSitsAtThePowerFloor() {
        float[] window = new MfccExtractor(SPEC).windows(new float[64_000])[0];

        // Every mel band is 10 log10(1e-10) = -100 dB; the DCT of a constant is c0 = -100 sqrt(40).
        for (int t = 0; t < 401; t++) {
            assertEquals(-100 * Math.sqrt(40), window[t * 40], 1e-4); // float32 output
            for (int k = 1; k < 40; k++) {
                assertEquals(0.0, window[t * 40 + k], 1e-9, "frame " + t + " coefficient " + k);
            }
        }
    }

    @Test
    void silenceAfterSpeechIsClampedEightyDecibelsBelowTheWindowMaximum() {
        float[] waveform = new float[64_000];
        System.arraycopy(DspFixtures.sine(440, 16000, 32_000, 0.5, 0), 0, waveform, 0, 32_000);

        float[] mfcc = new MfccExtractor(SPEC).windows(waveform)[0];

        double[][] db = melDecibels(mfcc);
        double max = Double.NEGATIVE_INFINITY;
        for (double[] frame : db) {
            for (double value : frame) {
                max = Math.max(max, value);
            }
        }
        // Frames from 203 on see only digital silence (support starts at 160 t - 200 >= 32000);
        // the tolerance covers the float32 rounding of the coefficients.
        for (int t = 205; t < 401; t++) {
            for (int m = 0; m < 40; m++) {
                assertEquals(max - 80, db[t][m], 1e-3, "frame " + t + " band " + m);
            }
        }
    }

    @Test
    void doesNotModifyTheWaveform() {
        float[] waveform = DspFixtures.sine(1000, 16000, 80_000, 0.9, 0);
        float[] before = waveform.clone();
        MfccExtractor extractor = new MfccExtractor(SPEC);

        extractor.windows(waveform);
        extractor.window(waveform, 16_000);

        assertArrayEquals(before, waveform);
    }

    @Test
    void reusedExtractorDoesNotLeakFramesBetweenWaveforms() {
        MfccExtractor extractor = new MfccExtractor(SPEC);
        extractor.windows(DspFixtures.sine(700, 16000, 96_000, 0.5, 0));
        float[] other = DspFixtures.sine(2500, 16000, 96_000, 0.2, 1);

        float[][] windows = extractor.windows(other);

        for (int w = 0; w < windows.length; w++) {
            assertArrayEquals(extractor.window(other, w * 16_000), windows[w]);
        }
    }

    @Test
    void rejectsAWindowOutsideTheWaveform() {
        MfccExtractor extractor = new MfccExtractor(SPEC);
        assertThrows(IllegalArgumentException.class, () -> extractor.window(new float[70_000], 6_001));
        assertThrows(IllegalArgumentException.class, () -> extractor.window(new float[70_000], -1));
    }

    private static void assertSharedEqualsReference(FeatureSpec spec, float[] waveform, int expectedWindows) {
        MfccExtractor extractor = new MfccExtractor(spec);

        float[][] windows = extractor.windows(waveform);

        assertEquals(expectedWindows, windows.length);
        for (int w = 0; w < windows.length; w++) {
            float[] reference = extractor.window(waveform, w * spec.stepSamples());
            double error = ParityMetrics.relativeL2(windows[w], reference);
            assertTrue(error <= 1e-6, "window " + w + ": relative difference " + error);
        }
    }

    /** Inverts the orthonormal 40 x 40 DCT: mel dB of each frame. */
    private static double[][] melDecibels(float[] mfcc) {
        DctMatrix dct = new DctMatrix(40, 40);
        double[][] db = new double[mfcc.length / 40][40];
        for (int t = 0; t < db.length; t++) {
            for (int m = 0; m < 40; m++) {
                for (int k = 0; k < 40; k++) {
                    db[t][m] += dct.get(m, k) * mfcc[t * 40 + k];
                }
            }
        }
        return db;
    }
}
