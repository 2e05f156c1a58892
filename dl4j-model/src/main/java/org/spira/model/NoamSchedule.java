package org.spira.model;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The Noam learning-rate schedule SPIRA trained with, stepped per minibatch:
 * {@code lr(s) = base * w^0.5 * min(s * w^-1.5, s^-0.5)}, rising linearly to {@code base} at
 * step {@code s = w} (the warmup) and decaying as {@code s^-0.5} after it.
 *
 * <p>Step numbering: Deeplearning4j asks for the rate of update k as {@code valueAt(k, epoch)}
 * with k = 0 for the first update. Update k uses step {@code s = max(k, 1)}, exactly SPIRA's
 * {@code NoamLR} (a PyTorch scheduler stepped after each optimizer step, whose {@code get_lr}
 * reads {@code step = max(last_epoch, 1)}): updates 0 and 1 both use s = 1 (rate {@code base /
 * w}, never 0), update k >= 1 uses s = k, and the peak {@code base} is reached at update w.
 */
public final class NoamSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    @JsonProperty
    private final double base;

    @JsonProperty
    private final int warmup;

    /**
     * @param base peak learning rate, > 0
     * @param warmup w, updates to the peak, >= 1
     */
    @JsonCreator
    public NoamSchedule(@JsonProperty("base") double base, @JsonProperty("warmup") int warmup) {
        if (!(base > 0) || !Double.isFinite(base) || warmup < 1) {
            throw new ModelException("NoamSchedule needs a finite base > 0 and a warmup >= 1, got base = " + base
                    + ", warmup = " + warmup);
        }
        this.base = base;
        this.warmup = warmup;
    }

    /** The step s that update {@code iteration} (0-based) uses: max(iteration, 1). */
    public static int step(int iteration) {
        return Math.max(iteration, 1);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double s = step(iteration);
        return base * Math.sqrt(warmup) * Math.min(s * Math.pow(warmup, -1.5), 1 / Math.sqrt(s));
    }

    @Override
    public NoamSchedule clone() {
        return new NoamSchedule(base, warmup);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoamSchedule that && base == that.base && warmup == that.warmup;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(base) * 31 + warmup;
    }

    @Override
    public String toString() {
        return "NoamSchedule(base=" + base + ", warmup=" + warmup + ")";
    }
}
