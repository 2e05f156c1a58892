package org.spira.evaluation;

import java.util.Locale;
import java.util.Objects;

/**
 * How predictions are turned into metrics.
 *
 * @param threshold a recording (or window) is predicted patient when its probability is at
 *     least this value; SPIRA: 0.5. Must lie in (0, 1).
 * @param bootstrapReplicates resamples drawn for the F1 bootstrap interval, in [{@value
 *     #MIN_REPLICATES}, {@value #MAX_REPLICATES}]
 * @param bootstrapSeed seed of the bootstrap: equal seeds give equal intervals
 * @param ageBands the age bands of the age slices
 */
public record EvaluationSpec(double threshold, int bootstrapReplicates, long bootstrapSeed, AgeBands ageBands) {
    /** Fewest replicates for which a 2.5 % percentile rests on more than a handful of values. */
    public static final int MIN_REPLICATES = 200;

    public static final int MAX_REPLICATES = 1_000_000;

    public EvaluationSpec {
        if (!DecisionThreshold.isValid(threshold)) {
            throw invalid("threshold", threshold, "must be a probability strictly between 0 and 1 (SPIRA: 0.5)");
        }
        if (bootstrapReplicates < MIN_REPLICATES || bootstrapReplicates > MAX_REPLICATES) {
            throw invalid(
                    "bootstrapReplicates",
                    bootstrapReplicates,
                    "must be in [" + MIN_REPLICATES + ", " + MAX_REPLICATES + "] (2000 is usual)");
        }
        Objects.requireNonNull(ageBands, "EvaluationSpec.ageBands must not be null; use AgeBands.standard()");
    }

    /** SPIRA's threshold 0.5, 2000 bootstrap replicates seeded with 42, the standard age bands. */
    public static EvaluationSpec defaults() {
        return new EvaluationSpec(0.5, 2000, 42L, AgeBands.standard());
    }

    /** The decision rule of this threshold. */
    public DecisionThreshold decision() {
        return new DecisionThreshold(threshold);
    }

    /** Whether a probability counts as a patient prediction. */
    boolean predictsPatient(double probability) {
        return decision().predictsPatient(probability);
    }

    private static IllegalArgumentException invalid(String name, Object value, String rule) {
        return new IllegalArgumentException(String.format(
                Locale.ROOT, "EvaluationSpec.%s = %s is invalid: %s. Fix the %s setting.", name, value, rule, name));
    }
}
