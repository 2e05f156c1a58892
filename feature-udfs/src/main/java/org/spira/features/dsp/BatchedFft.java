package org.spira.features.dsp;

/**
 * Forward complex DFT of one size for a batch of signals at once: {@code X[k] = sum_j x[j]
 * exp(-2 pi i j k / size)}, unnormalized, as JTransforms' {@code complexForward}.
 *
 * <p>Layout: split real and imaginary arrays with the batch index innermost, element j of signal b
 * at {@code [j * width + b]}. Every butterfly then runs over a contiguous run of the batch (and of
 * the Stockham stride), a plain counted loop that HotSpot vectorizes. Mixed radix 2, 3, 4 and 5,
 * Stockham autosort (no bit reversal), twiddles precomputed with {@code Math.cos/sin}.
 *
 * <p>Not thread-safe: it owns its scratch arrays.
 */
final class BatchedFft {
    private final int size;
    private final int[] radices;
    /** Per stage, {@code w^(q r)} for q in [0, size / (stride * radix)), r in [1, radix): [q * (radix - 1) + r - 1]. */
    private final double[][] twiddleRe;

    private final double[][] twiddleIm;
    private double[] scratchRe = new double[0];
    private double[] scratchIm = new double[0];

    BatchedFft(int size) {
        this.radices = factor(size);
        if (radices.length == 0) {
            throw new IllegalArgumentException(
                    "BatchedFft size " + size + " is not a product of 2, 3, 4 and 5; use JTransforms for it");
        }
        this.size = size;
        this.twiddleRe = new double[radices.length][];
        this.twiddleIm = new double[radices.length][];
        int n = size;
        for (int stage = 0; stage < radices.length; stage++) {
            buildTwiddles(stage, n, radices[stage]);
            n /= radices[stage];
        }
    }

    /** True if {@code size} is a product of 2, 3, 4 and 5 (and at least 2). */
    static boolean supports(int size) {
        return factor(size).length > 0;
    }

    /** Radices whose product is {@code n}, fours first; empty if {@code n} has another prime factor. */
    static int[] factor(int n) {
        int[] found = new int[32];
        int count = 0;
        int rest = n;
        for (int radix : new int[] {4, 5, 3, 2}) {
            while (rest > 1 && rest % radix == 0) {
                found[count++] = radix;
                rest /= radix;
            }
        }
        return rest == 1 && n > 1 ? java.util.Arrays.copyOf(found, count) : new int[0];
    }

    int size() {
        return size;
    }

    /**
     * Transforms {@code width} signals in place.
     *
     * @param re real parts, at least {@code size * width}, layout {@code [j * width + b]}
     * @param im imaginary parts, same layout
     */
    void forward(double[] re, double[] im, int width) {
        int length = size * width;
        if (scratchRe.length < length) {
            scratchRe = new double[length];
            scratchIm = new double[length];
        }
        double[][] source = {re, im};
        double[][] target = {scratchRe, scratchIm};
        int n = size;
        int run = width;
        for (int stage = 0; stage < radices.length; stage++) {
            double[][] twiddles = {twiddleRe[stage], twiddleIm[stage]};
            ButterflyStage.apply(radices[stage], n, run, twiddles, source, target);
            n /= radices[stage];
            run *= radices[stage];
            double[][] swap = source;
            source = target;
            target = swap;
        }
        if (source[0] != re) {
            System.arraycopy(source[0], 0, re, 0, length);
            System.arraycopy(source[1], 0, im, 0, length);
        }
    }

    private void buildTwiddles(int stage, int n, int radix) {
        int m = n / radix;
        twiddleRe[stage] = new double[m * (radix - 1)];
        twiddleIm[stage] = new double[m * (radix - 1)];
        for (int q = 0; q < m; q++) {
            for (int r = 1; r < radix; r++) {
                double angle = -2.0 * Math.PI * ((long) q * r % n) / n;
                twiddleRe[stage][q * (radix - 1) + r - 1] = Math.cos(angle);
                twiddleIm[stage][q * (radix - 1) + r - 1] = Math.sin(angle);
            }
        }
    }
}
