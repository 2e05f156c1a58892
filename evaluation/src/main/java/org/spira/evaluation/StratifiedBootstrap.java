package org.spira.evaluation;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap that resamples patients and controls separately, with replacement,
 * keeping both class counts fixed (the design's counts are fixed by sampling, not random).
 * Each replicate recounts the confusion matrix and evaluates the metric on it; the interval
 * is the 2.5 % and 97.5 % quantiles of the replicates (linear interpolation between order
 * statistics, Hyndman and Fan type 7). {@link SplittableRandom}'s algorithm is specified, so
 * a seed gives the same interval on every JVM.
 */
final class StratifiedBootstrap {
    static final String METHOD = "stratified-percentile-bootstrap";

    private final int replicates;
    private final long seed;

    StratifiedBootstrap(int replicates, long seed) {
        this.replicates = replicates;
        this.seed = seed;
    }

    /**
     * The percentile interval of {@code metric}, which must be defined (not NaN) on every
     * resample of this data.
     *
     * @param patientHits per patient: whether it was predicted patient (a true positive)
     * @param controlHits per control: whether it was predicted patient (a false positive)
     */
    ConfidenceInterval.Bounds interval(
            boolean[] patientHits, boolean[] controlHits, ToDoubleFunction<ConfusionMatrix> metric) {
        double[] values = replicateValues(patientHits, controlHits, metric);
        Arrays.sort(values);
        double lower = quantile(values, (1 - ConfidenceInterval.LEVEL) / 2);
        double upper = quantile(values, (1 + ConfidenceInterval.LEVEL) / 2);
        return new ConfidenceInterval.Bounds(lower, upper, METHOD);
    }

    /** The metric on each of the replicates, in draw order. */
    double[] replicateValues(boolean[] patientHits, boolean[] controlHits, ToDoubleFunction<ConfusionMatrix> metric) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[replicates];
        for (int r = 0; r < replicates; r++) {
            long tp = drawHits(patientHits, random);
            long fp = drawHits(controlHits, random);
            ConfusionMatrix resampled = new ConfusionMatrix(tp, fp, controlHits.length - fp, patientHits.length - tp);
            values[r] = metric.applyAsDouble(resampled);
            if (Double.isNaN(values[r])) {
                throw new IllegalStateException("bootstrap replicate " + r + " of " + METHOD
                        + " gave NaN: the metric must be defined on every resample of these data");
            }
        }
        return values;
    }

    /** Quantile {@code q} of ascending {@code sorted} values, type 7 (R's and NumPy's default). */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int below = (int) Math.floor(h);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }

    private static long drawHits(boolean[] hits, SplittableRandom random) {
        long count = 0;
        for (int k = 0; k < hits.length; k++) {
            if (hits[random.nextInt(hits.length)]) {
                count++;
            }
        }
        return count;
    }
}
