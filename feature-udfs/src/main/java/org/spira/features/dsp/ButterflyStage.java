package org.spira.features.dsp;

/**
 * One Stockham pass of {@link BatchedFft}: the current sub-transforms of length {@code n} are
 * split into {@code radix} interleaved parts, combined by a radix butterfly and multiplied by
 * the twiddles {@code w^(q r)}, {@code w = exp(-2 pi i / n)}.
 *
 * <p>Element {@code (k, j)} (stride index k, sub-transform element j) of every signal sits in a
 * contiguous run of {@code run = stride * width} values starting at {@code j * run}, so each
 * butterfly is one counted loop over that run. Arrays and twiddles are copied to locals first:
 * twiddle loads inside the loop could alias the output stores and would not be hoisted.
 */
final class ButterflyStage {
    private static final double SIN_60 = Math.sqrt(3.0) / 2.0;
    private static final double COS_72 = Math.cos(2.0 * Math.PI / 5.0);
    private static final double COS_144 = Math.cos(4.0 * Math.PI / 5.0);
    private static final double SIN_72 = Math.sin(2.0 * Math.PI / 5.0);
    private static final double SIN_144 = Math.sin(4.0 * Math.PI / 5.0);

    private final double[] twr;
    private final double[] twi;
    private final double[] xr;
    private final double[] xi;
    private final double[] yr;
    private final double[] yi;
    /** Values per (stride index, signal) run, and the distance between butterfly inputs. */
    private final int run;

    private final int gap;

    private ButterflyStage(int gap, int run, double[][] twiddles, double[][] source, double[][] target) {
        this.gap = gap;
        this.run = run;
        this.twr = twiddles[0];
        this.twi = twiddles[1];
        this.xr = source[0];
        this.xi = source[1];
        this.yr = target[0];
        this.yi = target[1];
    }

    /**
     * Reads {@code source}, writes {@code target}; each is {real, imaginary} with {@code n * run}
     * values.
     *
     * @param twiddles {real, imaginary} of {@code w^(q r)} at {@code [q * (radix - 1) + r - 1]}
     */
    static void apply(int radix, int n, int run, double[][] twiddles, double[][] source, double[][] target) {
        int m = n / radix;
        ButterflyStage stage = new ButterflyStage(m * run, run, twiddles, source, target);
        for (int q = 0; q < m; q++) {
            int in = q * run;
            int out = radix * q * run;
            int t = q * (radix - 1);
            switch (radix) {
                case 2 -> stage.radix2(in, out, t);
                case 3 -> stage.radix3(in, out, t);
                case 4 -> stage.radix4(in, out, t);
                case 5 -> stage.radix5(in, out, t);
                default -> throw new IllegalArgumentException("unsupported radix " + radix);
            }
        }
    }

    private void radix2(int in, int out, int t) {
        double[] xr = this.xr;
        double[] xi = this.xi;
        double[] yr = this.yr;
        double[] yi = this.yi;
        int run = this.run;
        int gap = this.gap;
        double w1r = twr[t];
        double w1i = twi[t];
        for (int i = 0; i < run; i++) {
            double ar = xr[in + i];
            double ai = xi[in + i];
            double br = xr[in + gap + i];
            double bi = xi[in + gap + i];
            yr[out + i] = ar + br;
            yi[out + i] = ai + bi;
            double dr = ar - br;
            double di = ai - bi;
            yr[out + run + i] = dr * w1r - di * w1i;
            yi[out + run + i] = dr * w1i + di * w1r;
        }
    }

    private void radix3(int in, int out, int t) {
        double[] xr = this.xr;
        double[] xi = this.xi;
        double[] yr = this.yr;
        double[] yi = this.yi;
        int run = this.run;
        int gap = this.gap;
        double w1r = twr[t];
        double w1i = twi[t];
        double w2r = twr[t + 1];
        double w2i = twi[t + 1];
        for (int i = 0; i < run; i++) {
            double a0r = xr[in + i];
            double a0i = xi[in + i];
            double sr = xr[in + gap + i] + xr[in + 2 * gap + i];
            double si = xi[in + gap + i] + xi[in + 2 * gap + i];
            // -i sin(120 deg) (a1 - a2)
            double br = SIN_60 * (xi[in + gap + i] - xi[in + 2 * gap + i]);
            double bi = -SIN_60 * (xr[in + gap + i] - xr[in + 2 * gap + i]);
            double cr = a0r - 0.5 * sr;
            double ci = a0i - 0.5 * si;
            yr[out + i] = a0r + sr;
            yi[out + i] = a0i + si;
            yr[out + run + i] = (cr + br) * w1r - (ci + bi) * w1i;
            yi[out + run + i] = (cr + br) * w1i + (ci + bi) * w1r;
            yr[out + 2 * run + i] = (cr - br) * w2r - (ci - bi) * w2i;
            yi[out + 2 * run + i] = (cr - br) * w2i + (ci - bi) * w2r;
        }
    }

    private void radix4(int in, int out, int t) {
        double[] xr = this.xr;
        double[] xi = this.xi;
        double[] yr = this.yr;
        double[] yi = this.yi;
        int run = this.run;
        int gap = this.gap;
        double w1r = twr[t];
        double w1i = twi[t];
        double w2r = twr[t + 1];
        double w2i = twi[t + 1];
        double w3r = twr[t + 2];
        double w3i = twi[t + 2];
        for (int i = 0; i < run; i++) {
            double s02r = xr[in + i] + xr[in + 2 * gap + i];
            double s02i = xi[in + i] + xi[in + 2 * gap + i];
            double d02r = xr[in + i] - xr[in + 2 * gap + i];
            double d02i = xi[in + i] - xi[in + 2 * gap + i];
            double s13r = xr[in + gap + i] + xr[in + 3 * gap + i];
            double s13i = xi[in + gap + i] + xi[in + 3 * gap + i];
            // -i (a1 - a3)
            double d13r = xi[in + gap + i] - xi[in + 3 * gap + i];
            double d13i = xr[in + 3 * gap + i] - xr[in + gap + i];
            yr[out + i] = s02r + s13r;
            yi[out + i] = s02i + s13i;
            yr[out + run + i] = (d02r + d13r) * w1r - (d02i + d13i) * w1i;
            yi[out + run + i] = (d02r + d13r) * w1i + (d02i + d13i) * w1r;
            yr[out + 2 * run + i] = (s02r - s13r) * w2r - (s02i - s13i) * w2i;
            yi[out + 2 * run + i] = (s02r - s13r) * w2i + (s02i - s13i) * w2r;
            yr[out + 3 * run + i] = (d02r - d13r) * w3r - (d02i - d13i) * w3i;
            yi[out + 3 * run + i] = (d02r - d13r) * w3i + (d02i - d13i) * w3r;
        }
    }

    private void radix5(int in, int out, int t) {
        double[] xr = this.xr;
        double[] xi = this.xi;
        double[] yr = this.yr;
        double[] yi = this.yi;
        int run = this.run;
        int gap = this.gap;
        double w1r = twr[t];
        double w1i = twi[t];
        double w2r = twr[t + 1];
        double w2i = twi[t + 1];
        double w3r = twr[t + 2];
        double w3i = twi[t + 2];
        double w4r = twr[t + 3];
        double w4i = twi[t + 3];
        for (int i = 0; i < run; i++) {
            double a0r = xr[in + i];
            double a0i = xi[in + i];
            double s14r = xr[in + gap + i] + xr[in + 4 * gap + i];
            double s14i = xi[in + gap + i] + xi[in + 4 * gap + i];
            double d14r = xr[in + gap + i] - xr[in + 4 * gap + i];
            double d14i = xi[in + gap + i] - xi[in + 4 * gap + i];
            double s23r = xr[in + 2 * gap + i] + xr[in + 3 * gap + i];
            double s23i = xi[in + 2 * gap + i] + xi[in + 3 * gap + i];
            double d23r = xr[in + 2 * gap + i] - xr[in + 3 * gap + i];
            double d23i = xi[in + 2 * gap + i] - xi[in + 3 * gap + i];
            double c1r = a0r + COS_72 * s14r + COS_144 * s23r;
            double c1i = a0i + COS_72 * s14i + COS_144 * s23i;
            double c2r = a0r + COS_144 * s14r + COS_72 * s23r;
            double c2i = a0i + COS_144 * s14i + COS_72 * s23i;
            // -i (sin72 d14 + sin144 d23) and -i (sin144 d14 - sin72 d23)
            double e1r = SIN_72 * d14i + SIN_144 * d23i;
            double e1i = -(SIN_72 * d14r + SIN_144 * d23r);
            double e2r = SIN_144 * d14i - SIN_72 * d23i;
            double e2i = SIN_72 * d23r - SIN_144 * d14r;
            yr[out + i] = a0r + s14r + s23r;
            yi[out + i] = a0i + s14i + s23i;
            yr[out + run + i] = (c1r + e1r) * w1r - (c1i + e1i) * w1i;
            yi[out + run + i] = (c1r + e1r) * w1i + (c1i + e1i) * w1r;
            yr[out + 2 * run + i] = (c2r + e2r) * w2r - (c2i + e2i) * w2i;
            yi[out + 2 * run + i] = (c2r + e2r) * w2i + (c2i + e2i) * w2r;
            yr[out + 3 * run + i] = (c2r - e2r) * w3r - (c2i - e2i) * w3i;
            yi[out + 3 * run + i] = (c2r - e2r) * w3i + (c2i - e2i) * w3r;
            yr[out + 4 * run + i] = (c1r - e1r) * w4r - (c1i - e1i) * w4i;
            yi[out + 4 * run + i] = (c1r - e1r) * w4i + (c1i - e1i) * w4r;
        }
    }
}
