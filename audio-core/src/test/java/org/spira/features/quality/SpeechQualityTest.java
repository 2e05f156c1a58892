package org.spira.features.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spira.features.decode.DecodedAudio;

/** The speech-quality measures on signals whose answer is known in closed form. */
class SpeechQualityTest {
    private static final int RATE = 16_000;

    private static DecodedAudio audio(double[] samples) {
        float[] mono = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            mono[i] = (float) samples[i];
        }
        return new DecodedAudio(RATE, 1, "wav_float32", mono);
    }

    /** {@code seconds} of a 250 Hz sine (64 samples a period) of {@code amplitude} plus {@code offset}. */
    private static double[] tone(double seconds, double amplitude, double offset) {
        double[] x = new double[(int) (seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            x[i] = amplitude * Math.sin(2 * Math.PI * 250 * i / RATE) + offset;
        }
        return x;
    }

    @Test
    void aToneDrivenToTwiceFullScaleAndClippedIsClippedAsOftenAsItsSineExceedsTheLevel() {
        double[] x = tone(2, 2.0, 0);
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.max(-1, Math.min(1, x[i]));
        }
        // |2 sin t| >= 0.999 for the share 1 - (2 / pi) asin(0.4995) of a period
        double expected = 1 - 2 / Math.PI * Math.asin(SpeechQuality.CLIP_LEVEL / 2);
        assertEquals(expected, SpeechQuality.of(audio(x)).clippingRatio(), 2.0 / 64);
        assertEquals(0, SpeechQuality.of(audio(tone(2, 0.5, 0))).clippingRatio());
    }

    @Test
    void anOffsetOverWholePeriodsIsTheDcOffset() {
        assertEquals(0.1, SpeechQuality.of(audio(tone(1, 0.3, 0.1))).dcOffset(), 1e-6);
        assertEquals(0, SpeechQuality.of(audio(tone(1, 0.3, 0))).dcOffset(), 1e-6);
    }

    @Test
    void aSecondOfToneThenASecondOfSilenceIsHalfSilentFrames() {
        double[] x = new double[2 * RATE];
        System.arraycopy(tone(1, 0.5, 0), 0, x, 0, RATE);
        SpeechQuality q = SpeechQuality.of(audio(x));
        assertEquals(0.5, q.silentFraction(), 1e-9);
        assertEquals(SpeechQuality.MAX_SNR_DB, q.snrDb(), "a floor of digital silence");
        assertEquals(2.0, q.durationSeconds());
        assertEquals(RATE, q.sampleRate());
        // -50 dBFS is a sine of amplitude sqrt(2) * 10^-2.5: a little above it is not silent
        double quiet = Math.sqrt(2) * Math.pow(10, -2.5);
        assertEquals(1.0, SpeechQuality.of(audio(tone(1, quiet * 0.9, 0))).silentFraction());
        assertEquals(0.0, SpeechQuality.of(audio(tone(1, quiet * 1.1, 0))).silentFraction());
    }

    @Test
    void toneBurstsOverWhiteNoiseGiveTheirPowerRatio() {
        // half the frames a tone of amplitude 0.5 (power 0.125), all of them noise of power 2.5e-5:
        // SNR = 10 log10(0.125 / 2.5e-5) = 36.99 dB
        Random random = new Random(7);
        double sigma = 0.005;
        double[] x = new double[4 * RATE];
        double[] burst = tone(0.5, 0.5, 0);
        for (int start = 0; start < x.length; start += RATE) {
            System.arraycopy(burst, 0, x, start, burst.length);
        }
        for (int i = 0; i < x.length; i++) {
            x[i] += sigma * random.nextGaussian();
        }
        assertEquals(
                10 * Math.log10(0.125 / (sigma * sigma)),
                SpeechQuality.of(audio(x)).snrDb(),
                1.0);
    }
}
