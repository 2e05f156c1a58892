package org.spira.features.testing;

/**
 * Error measures for comparing our float32 outputs with a reference implementation's. Sums are
 * accumulated in double. A NaN anywhere makes the result NaN, so a check written as
 * {@code !(error <= tolerance)} fails on it.
 */
public final class ParityMetrics {

    private ParityMetrics() {}

    /**
     * Relative L2 error ||ours - ref||_2 / ||ref||_2 (dimensionless). When the reference is all
     * zeros the result is 0 for an exact match and +infinity otherwise.
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double relativeL2(float[] ours, float[] ref) {
        requireSameLength(ours, ref);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < ref.length; i++) {
            double d = (double) ours[i] - ref[i];
            diff += d * d;
            norm += (double) ref[i] * ref[i];
        }
        if (norm == 0) {
            return diff == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.sqrt(diff / norm);
    }

    /**
     * Largest absolute difference max_i |ours[i] - ref[i]|, in the arrays' unit (full scale for
     * waveforms, dB-derived coefficients for MFCC); 0 for empty arrays.
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double maxAbsDiff(float[] ours, float[] ref) {
        requireSameLength(ours, ref);
        double max = 0;
        for (int i = 0; i < ref.length; i++) {
            double d = Math.abs((double) ours[i] - ref[i]);
            if (Double.isNaN(d)) {
                return d;
            }
            max = Math.max(max, d);
        }
        return max;
    }

    /** Index of the largest absolute difference, or -1 for empty arrays. */
    public static int argMaxAbsDiff(float[] ours, float[] ref) {
        requireSameLength(ours, ref);
        int worst = -1;
        double max = -1;
        for (int i = 0; i < ref.length; i++) {
            double d = Math.abs((double) ours[i] - ref[i]);
            if (!(d <= max)) {
                max = d;
                worst = i;
                if (Double.isNaN(d)) {
                    break;
                }
            }
        }
        return worst;
    }

    private static void requireSameLength(float[] ours, float[] ref) {
        if (ours.length != ref.length) {
            throw new IllegalArgumentException(
                    "cannot compare arrays of different lengths: ours " + ours.length + ", reference " + ref.length);
        }
    }
}
