package org.spira.features.dsp;

import java.util.Arrays;

/**
 * Forward complex DFT of one size for a batch of signals at once: {@code X[k] = sum_j x[j]
 * exp(-2 pi i j k / size)}, unnormalized, as JTransforms' {@code complexForward}.
 *
 * <p>Layout: one row per element, the signals across it: element j of signal b is {@code re[j][b]}
 * and {@code im[j][b]}. The transform runs in place, by decimation in frequency with radices 5, 3
 * and 2, depth first (the sub-transforms of one stage are finished before the next begins, so the
 * late stages work on a few rows that stay in the L1 cache), and leaves bin k in row
 * {@link #row(int)} (digit-reversed order).
 *
 * <p>Every step is a loop over the signals of two to four rows, all accessed at the same index b.
 * HotSpot C2 (JDK 17) vectorizes a loop only if it can unroll it, and it unrolls a loop the first
 * time only if its body stays under {@code LoopUnrollLimit} (60 nodes): a radix-2 butterfly with
 * its twiddle, let alone a radix-5 one, is too large. So a butterfly is several small loops (sums
 * and differences, the centre terms, the rotations by {@code -i sin}, the twiddles), each of a
 * shape checked to vectorize, and intermediate values stay in the rows themselves: rows are
 * renamed instead of copied, so after {@link #forward} the arrays held by {@code re} and
 * {@code im} may have moved between rows, between the two, and to and from this object's spare
 * rows. Callers index through {@code re} and {@code im} and keep no row references.
 *
 * <p>Not thread-safe: it owns its spare rows.
 */
final class LaneFft {
    private static final double SIN_60 = Math.sqrt(3.0) / 2.0;
    private static final double COS_72 = Math.cos(2.0 * Math.PI / 5.0);
    private static final double COS_144 = Math.cos(4.0 * Math.PI / 5.0);
    private static final double SIN_72 = Math.sin(2.0 * Math.PI / 5.0);
    private static final double SIN_144 = Math.sin(4.0 * Math.PI / 5.0);

    private final int size;
    private final int[] radices;
    private final int[] rowOfBin;
    /** Per stage, {@code w^(q k)}, w = exp(-2 pi i / n), n the stage's sub-transform length: [k * (radix - 1) + q - 1]. */
    private final double[][] twiddleRe;

    private final double[][] twiddleIm;
    private double[] spareRe = new double[0];
    private double[] spareIm = new double[0];

    LaneFft(int size) {
        this.radices = factor(size);
        if (radices.length == 0) {
            throw new IllegalArgumentException(
                    "LaneFft size " + size + " is not a product of 2, 3 and 5; use JTransforms for it");
        }
        this.size = size;
        this.twiddleRe = new double[radices.length][];
        this.twiddleIm = new double[radices.length][];
        int n = size;
        for (int stage = 0; stage < radices.length; stage++) {
            buildTwiddles(stage, n, radices[stage]);
            n /= radices[stage];
        }
        this.rowOfBin = new int[size];
        for (int bin = 0; bin < size; bin++) {
            rowOfBin[bin] = digitReversed(bin);
        }
    }

    /** True if {@code size} is a product of 2, 3 and 5 (and at least 2). */
    static boolean supports(int size) {
        return factor(size).length > 0;
    }

    /** Radices whose product is {@code n}, fives first; empty if {@code n} has another prime factor. */
    static int[] factor(int n) {
        int[] found = new int[32];
        int count = 0;
        int rest = n;
        for (int radix : new int[] {5, 3, 2}) {
            while (rest > 1 && rest % radix == 0) {
                found[count++] = radix;
                rest /= radix;
            }
        }
        return rest == 1 && n > 1 ? Arrays.copyOf(found, count) : new int[0];
    }

    int size() {
        return size;
    }

    /** The row holding bin {@code bin} after {@link #forward}. */
    int row(int bin) {
        return rowOfBin[bin];
    }

    /**
     * Transforms signals {@code [0, width)} in place; lanes from {@code width} on are left
     * unspecified (rows are renamed whole).
     *
     * @param re {@code size} rows of real parts, all of one length, at least {@code width}
     * @param im {@code size} rows of imaginary parts, the same length
     */
    void forward(double[][] re, double[][] im, int width) {
        int rowLength = re[0].length;
        if (re.length < size || im.length < size || width > rowLength) {
            throw new IllegalArgumentException("LaneFft of size " + size + " needs " + size + " rows of at least "
                    + width + " values; got " + re.length + " and " + im.length + " rows of " + rowLength);
        }
        for (int j = 0; j < size; j++) {
            if (re[j].length != rowLength || im[j].length != rowLength) {
                throw new IllegalArgumentException("LaneFft rows must all have one length, " + rowLength + "; row " + j
                        + " has " + re[j].length + " and " + im[j].length);
            }
        }
        if (spareRe.length != rowLength) {
            spareRe = new double[rowLength];
            spareIm = new double[rowLength];
        }
        transform(re, im, width, 0, 0, size);
    }

    /** Stages {@code stage} on of the sub-transform in rows {@code [first, first + n)}. */
    private void transform(double[][] re, double[][] im, int width, int stage, int first, int n) {
        if (stage == radices.length) {
            return;
        }
        int radix = radices[stage];
        int span = n / radix;
        for (int k = 0; k < span; k++) {
            int at = first + k;
            switch (radix) {
                case 2 -> sumDifference(re[at], im[at], re[at + span], im[at + span], width);
                case 3 -> radix3(re, im, at, span, width);
                case 5 -> radix5(re, im, at, span, width);
                default -> throw new IllegalStateException("unsupported radix " + radix);
            }
            if (k != 0) {
                for (int q = 1; q < radix; q++) {
                    int t = k * (radix - 1) + q - 1;
                    rotate(re[at + q * span], im[at + q * span], twiddleRe[stage][t], twiddleIm[stage][t], width);
                }
            }
        }
        for (int q = 0; q < radix; q++) {
            transform(re, im, width, stage + 1, first + q * span, span);
        }
    }

    /** Radix-5 butterfly on rows {@code at + q span}, q in [0, 5), without twiddles. */
    private void radix5(double[][] re, double[][] im, int at, int span, int width) {
        int i1 = at + span;
        int i2 = at + 2 * span;
        int i3 = at + 3 * span;
        int i4 = at + 4 * span;
        // x1 + x4 into row 1, x1 - x4 into row 4; x2 + x3 into row 2, x2 - x3 into row 3
        sumDifference(re[i1], im[i1], re[i4], im[i4], width);
        sumDifference(re[i2], im[i2], re[i3], im[i3], width);
        // y0 = x0 + s14 + s23 into the spare rows, which then take row 0's place;
        // c1 = x0 + cos72 s14 + cos144 s23 into row 1, c2 = x0 + cos144 s14 + cos72 s23 into row 2
        sum3(spareRe, re[at], re[i1], re[i2], width);
        sum3(spareIm, im[at], im[i1], im[i2], width);
        centre5(re[at], re[i1], re[i2], width);
        centre5(im[at], im[i1], im[i2], width);
        double[] oldRe = re[at];
        double[] oldIm = im[at];
        re[at] = spareRe;
        im[at] = spareIm;
        spareRe = oldRe;
        spareIm = oldIm;
        // e1 = -i (sin72 d14 + sin144 d23) and e2 = -i (sin144 d14 - sin72 d23) are rotations of
        // (d23, d14): (e1 re, e2 re) from the imaginary rows, (e1 im, e2 im) from the real ones
        rotate(im[i3], im[i4], SIN_144, -SIN_72, width);
        rotate(re[i3], re[i4], -SIN_144, SIN_72, width);
        double[] e1r = im[i3];
        double[] e1i = re[i3];
        double[] e2r = im[i4];
        double[] e2i = re[i4];
        // y1 = c1 + e1, y4 = c1 - e1, y2 = c2 + e2, y3 = c2 - e2
        sumDifference(re[i1], im[i1], e1r, e1i, width);
        sumDifference(re[i2], im[i2], e2r, e2i, width);
        re[i4] = e1r;
        im[i4] = e1i;
        re[i3] = e2r;
        im[i3] = e2i;
    }

    /** Radix-3 butterfly on rows {@code at + q span}, q in [0, 3), without twiddles. */
    private static void radix3(double[][] re, double[][] im, int at, int span, int width) {
        int i1 = at + span;
        int i2 = at + 2 * span;
        // s = x1 + x2 into row 1, d = x1 - x2 into row 2
        sumDifference(re[i1], im[i1], re[i2], im[i2], width);
        // y0 = x0 + s into row 0, c = x0 - s / 2 into row 1
        centre3(re[at], re[i1], width);
        centre3(im[at], im[i1], width);
        // y1 = c - i sin60 d into row 1, y2 = c + i sin60 d into row 2
        crossSumDifference(re[i1], im[i1], re[i2], im[i2], SIN_60, width);
    }

    /** a + b into a, a - b into b (complex). */
    private static void sumDifference(double[] ar, double[] ai, double[] br, double[] bi, int width) {
        for (int b = 0; b < width; b++) {
            double xr = ar[b];
            double xi = ai[b];
            double yr = br[b];
            double yi = bi[b];
            ar[b] = xr + yr;
            ai[b] = xi + yi;
            br[b] = xr - yr;
            bi[b] = xi - yi;
        }
    }

    /** a - i s d into a, a + i s d into d (complex, s real). */
    private static void crossSumDifference(double[] ar, double[] ai, double[] dr, double[] di, double s, int width) {
        for (int b = 0; b < width; b++) {
            double xr = ar[b];
            double xi = ai[b];
            double yr = s * dr[b];
            double yi = s * di[b];
            ar[b] = xr + yi;
            ai[b] = xi - yr;
            dr[b] = xr - yi;
            di[b] = xi + yr;
        }
    }

    /** x times (wr + i wi), in place. */
    private static void rotate(double[] xr, double[] xi, double wr, double wi, int width) {
        for (int b = 0; b < width; b++) {
            double r = xr[b];
            double i = xi[b];
            xr[b] = r * wr - i * wi;
            xi[b] = r * wi + i * wr;
        }
    }

    private static void sum3(double[] out, double[] a, double[] p, double[] q, int width) {
        for (int b = 0; b < width; b++) {
            out[b] = a[b] + p[b] + q[b];
        }
    }

    /** a + cos72 p + cos144 q into p, a + cos144 p + cos72 q into q. */
    private static void centre5(double[] a, double[] p, double[] q, int width) {
        for (int b = 0; b < width; b++) {
            double x = a[b];
            double s = p[b];
            double t = q[b];
            p[b] = x + COS_72 * s + COS_144 * t;
            q[b] = x + COS_144 * s + COS_72 * t;
        }
    }

    /** a + s into a, a - s / 2 into s. */
    private static void centre3(double[] a, double[] s, int width) {
        for (int b = 0; b < width; b++) {
            double x = a[b];
            double t = s[b];
            a[b] = x + t;
            s[b] = x - 0.5 * t;
        }
    }

    /** Row of bin {@code bin}: its base-radix digits, least significant first, weighted by the spans. */
    private int digitReversed(int bin) {
        int row = 0;
        int n = size;
        int rest = bin;
        for (int radix : radices) {
            int span = n / radix;
            row += rest % radix * span;
            rest /= radix;
            n = span;
        }
        return row;
    }

    private void buildTwiddles(int stage, int n, int radix) {
        int span = n / radix;
        twiddleRe[stage] = new double[span * (radix - 1)];
        twiddleIm[stage] = new double[span * (radix - 1)];
        for (int k = 0; k < span; k++) {
            for (int q = 1; q < radix; q++) {
                double angle = -2.0 * Math.PI * ((long) q * k % n) / n;
                twiddleRe[stage][k * (radix - 1) + q - 1] = Math.cos(angle);
                twiddleIm[stage][k * (radix - 1) + q - 1] = Math.sin(angle);
            }
        }
    }
}
