package org.spira.evaluation;

/**
 * A recording's probability from its windows' (SPIRA.md section 7): their mean, summed in window
 * order. The one place it is computed: {@code evaluate} (through {@link Evaluator}), {@code score}
 * and {@code spira-predict} all call it, so the same window probabilities give bit for bit the
 * same recording probability.
 */
public final class RecordingProbability {
    private RecordingProbability() {}

    /**
     * @param windows the probabilities of a recording's windows in window-index order, each in [0, 1]
     * @return their mean, in [0, 1]
     */
    public static double mean(double[] windows) {
        if (windows.length == 0) {
            throw new IllegalArgumentException("a recording without windows has no probability: it needs at least one"
                    + " whole window (featurize rejects shorter recordings as too_short)");
        }
        double sum = 0;
        for (double probability : windows) {
            sum += probability;
        }
        // The mean of values in [0, 1] can round a hair past 1; it is a probability.
        return Math.min(1.0, sum / windows.length);
    }
}
