package org.spira.features.quality;

import java.util.Arrays;
import org.spira.features.decode.DecodedAudio;

/**
 * What a recording's samples say about how it was captured, measured on the decoded mono samples
 * at the file's own rate (the samples every feature is computed from), in frames of 20 ms.
 *
 * @param clippingRatio share of samples at full scale: |x| &ge; {@value #CLIP_LEVEL}
 * @param silentFraction share of frames whose level is below {@value #SILENT_DBFS} dBFS
 * @param snrDb a percentile estimate of the signal-to-noise ratio: the 90th percentile of the
 *     frames' mean power (speech) over the 10th (the noise floor), as 10 log10((p90 - p10) / p10),
 *     at most {@value #MAX_SNR_DB} dB (a floor of digital silence)
 * @param dcOffset the samples' mean (a constant offset from zero: a faulty input stage)
 * @param durationSeconds frames over the sample rate
 * @param sampleRate the file's sample rate, Hz
 */
public record SpeechQuality(
        double clippingRatio,
        double silentFraction,
        double snrDb,
        double dcOffset,
        double durationSeconds,
        int sampleRate) {
    /** |x| at or above which a sample counts as clipped: within 0.1 % of full scale. */
    public static final double CLIP_LEVEL = 0.999;
    /** A frame quieter than this, in dB relative to full scale, is near-silent. */
    public static final double SILENT_DBFS = -50.0;
    /** The estimate's ceiling, reached when the noise floor is digital silence. */
    public static final double MAX_SNR_DB = 100.0;
    /** Frame length, seconds. */
    static final double FRAME_SECONDS = 0.020;

    /** The measures of {@code audio}; a recording shorter than one frame is one frame. */
    public static SpeechQuality of(DecodedAudio audio) {
        float[] x = audio.mono();
        double sum = 0;
        long clipped = 0;
        for (float v : x) {
            sum += v;
            if (Math.abs(v) >= CLIP_LEVEL) {
                clipped++;
            }
        }
        int n = Math.max(1, x.length);
        double[] power = framePowers(x, Math.max(1, (int) Math.round(FRAME_SECONDS * audio.sampleRate())));
        double silentPower = Math.pow(10, SILENT_DBFS / 10);
        long silent = Arrays.stream(power).filter(p -> p < silentPower).count();
        double[] sorted = power.clone();
        Arrays.sort(sorted);
        double noise = percentile(sorted, 0.10);
        double speech = percentile(sorted, 0.90);
        double snr = noise <= 0
                ? MAX_SNR_DB
                : Math.min(MAX_SNR_DB, 10 * Math.log10(Math.max(speech - noise, 1e-12 * noise) / noise));
        return new SpeechQuality(
                (double) clipped / n,
                (double) silent / power.length,
                snr,
                sum / n,
                audio.durationSeconds(),
                audio.sampleRate());
    }

    /** Mean power of each whole frame of {@code length} samples (one frame when fewer). */
    private static double[] framePowers(float[] x, int length) {
        int frames = Math.max(1, x.length / length);
        int span = Math.min(length, x.length);
        double[] power = new double[frames];
        for (int f = 0; f < frames; f++) {
            double energy = 0;
            for (int i = f * span; i < (f + 1) * span; i++) {
                energy += (double) x[i] * x[i];
            }
            power[f] = span == 0 ? 0 : energy / span;
        }
        return power;
    }

    /** The nearest-rank percentile of sorted values. */
    private static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }
}
