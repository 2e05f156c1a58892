package org.spira.features.dsp;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Band-limited resampling identical to torchaudio 0.13's {@code transforms.Resample} with
 * {@code resampling_method="sinc_interpolation"}: a Hann-windowed (cos^2) sinc kernel,
 * {@code lowpassFilterWidth} zero crossings per side, cutoff {@code rolloff x} the lower
 * Nyquist frequency, coefficients rounded to float32 as torchaudio does when no dtype is given.
 *
 * <p>Both rates are divided by their gcd to {@code orig -> target}. Output sample
 * {@code p * target + j} is the dot product of phase j's kernel with the input starting at
 * {@code p * orig - width}, zeros outside the input: torchaudio's padding by
 * {@code (width, width + orig)} and strided convolution, computed polyphase and truncated to
 * {@code ceil(target * length / orig)} samples. Leading and trailing kernel taps that are
 * exactly 0.0f are skipped (where torchaudio clamps the sinc argument the window is
 * cos^2(pi/2) ~ 1e-33, which rounds to zero; torchaudio's own kernel has the same zeros), so a
 * 44.1 kHz phase costs 34 multiply-adds instead of 475. Accumulation is in double precision.
 *
 * <p>Immutable and thread-safe once built; building costs {@code target x (2 width + orig)}
 * kernel evaluations, so reuse an instance per rate pair.
 */
public final class Resampler {
    private final int fromRate;
    private final int toRate;
    private final int orig;
    private final int target;
    private final int width;
    /** Per output phase j: its non-zero taps, and the kernel index of the first one. */
    private final float[][] taps;

    private final int[] firstTap;

    /**
     * @param fromRate input rate, Hz (> 0)
     * @param toRate output rate, Hz (> 0)
     * @param lowpassFilterWidth zero crossings of the sinc on each side (torchaudio default 6)
     * @param rolloff cutoff as a fraction of the lower Nyquist, in (0, 1] (torchaudio default 0.99)
     */
    public Resampler(int fromRate, int toRate, int lowpassFilterWidth, double rolloff) {
        requirePositive("fromRate", fromRate);
        requirePositive("toRate", toRate);
        requirePositive("lowpassFilterWidth", lowpassFilterWidth);
        if (!(rolloff > 0 && rolloff <= 1)) {
            throw new IllegalArgumentException(
                    "Resampler rolloff = " + rolloff + " is invalid: it must be in (0, 1], torchaudio uses 0.99");
        }
        this.fromRate = fromRate;
        this.toRate = toRate;
        int gcd = BigInteger.valueOf(fromRate).gcd(BigInteger.valueOf(toRate)).intValue();
        this.orig = fromRate / gcd;
        this.target = toRate / gcd;
        double baseFreq = Math.min(orig, target) * rolloff;
        this.width = (int) Math.ceil(lowpassFilterWidth * (double) orig / baseFreq);
        this.taps = new float[target][];
        this.firstTap = new int[target];
        if (fromRate != toRate) {
            for (int j = 0; j < target; j++) {
                buildPhase(j, baseFreq, lowpassFilterWidth);
            }
        }
    }

    /** A resampler from {@code fromRate} Hz to the spec's rate with the spec's kernel settings. */
    public static Resampler toSpec(int fromRate, FeatureSpec spec) {
        return new Resampler(fromRate, spec.sampleRate(), spec.resampleLowpassWidth(), spec.resampleRolloff());
    }

    /** Output length for {@code inputLength} input samples: ceil(toRate * length / fromRate). */
    public long outputLength(long inputLength) {
        return fromRate == toRate ? inputLength : (Math.multiplyExact(target, inputLength) + orig - 1) / orig;
    }

    /**
     * Resamples a waveform.
     *
     * @param input samples at {@code fromRate} Hz; not modified
     * @return a new array of {@link #outputLength} samples at {@code toRate} Hz (a copy when
     *     the rates are equal)
     */
    public float[] resample(float[] input) {
        if (fromRate == toRate) {
            return input.clone();
        }
        long length = outputLength(input.length);
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    input.length + " samples at " + fromRate + " Hz resample to more samples than a Java array holds");
        }
        float[] out = new float[(int) length];
        int i = 0;
        for (long p = 0; i < out.length; p++) {
            long inputStart = p * orig - width;
            for (int j = 0; j < target && i < out.length; j++, i++) {
                out[i] = (float) dot(taps[j], inputStart + firstTap[j], input);
            }
        }
        return out;
    }

    public int fromRate() {
        return fromRate;
    }

    public int toRate() {
        return toRate;
    }

    /** Kernel half-width in input samples after gcd reduction, as torchaudio's {@code width}. */
    int width() {
        return width;
    }

    /** Sum of kernel[k] * x[start + k], treating samples outside x as zero. */
    private static double dot(float[] kernel, long start, float[] x) {
        int from = (int) Math.max(0, -start);
        int to = (int) Math.min(kernel.length, x.length - start);
        double sum = 0.0;
        for (int k = from; k < to; k++) {
            sum += kernel[k] * (double) x[(int) (start + k)];
        }
        return sum;
    }

    /**
     * Phase j of torchaudio's kernel, evaluated in its order of operations: the phase term
     * -j / target is a float32 division (integer arange divided in the default dtype), the tap
     * term and everything after in float64, the result rounded to float32.
     */
    private void buildPhase(int j, double baseFreq, int lowpassWidth) {
        int length = 2 * width + orig;
        float[] kernel = new float[length];
        double phase = (float) -j / (float) target;
        double scale = baseFreq / orig;
        for (int k = 0; k < length; k++) {
            double t = (phase + (double) (k - width) / orig) * baseFreq;
            t = Math.max(-lowpassWidth, Math.min(lowpassWidth, t));
            double window = Math.cos(t * Math.PI / lowpassWidth / 2);
            window = window * window;
            t *= Math.PI;
            double sinc = t == 0 ? 1.0 : Math.sin(t) / t;
            kernel[k] = (float) (sinc * (window * scale));
        }
        int first = 0;
        int last = length - 1;
        while (first < last && kernel[first] == 0.0f) {
            first++;
        }
        while (last > first && kernel[last] == 0.0f) {
            last--;
        }
        firstTap[j] = first;
        taps[j] = Arrays.copyOfRange(kernel, first, last + 1);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(
                    "Resampler " + name + " = " + value + " is invalid: it must be a positive number of Hz or taps");
        }
    }
}
