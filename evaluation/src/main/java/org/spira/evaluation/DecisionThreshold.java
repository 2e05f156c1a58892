package org.spira.evaluation;

import java.util.Locale;

/**
 * The decision rule of SPIRA.md section 7: a recording (or window) is predicted patient when its
 * probability is at least the threshold. The one place the rule is written: the metrics of
 * {@code evaluate}, the predictions of {@code score} and of {@code spira-predict} all apply it.
 *
 * @param value the threshold, strictly between 0 and 1 (SPIRA: 0.5)
 */
public record DecisionThreshold(double value) {
    /** SPIRA's threshold, 0.5. */
    public static final DecisionThreshold SPIRA = new DecisionThreshold(0.5);

    public DecisionThreshold {
        if (!isValid(value)) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "decision threshold %s is invalid: it must be a probability strictly between 0 and 1 (SPIRA: 0.5)",
                    value));
        }
    }

    /** Whether {@code value} can be a threshold: a number strictly between 0 and 1. */
    public static boolean isValid(double value) {
        return value > 0 && value < 1;
    }

    /** Whether {@code probability} counts as a patient prediction. */
    public boolean predictsPatient(double probability) {
        return probability >= value;
    }

    /** The predicted class of {@code probability}: 1 (patient) or 0 (control). */
    public int predictedLabel(double probability) {
        return predictsPatient(probability) ? Labels.PATIENT : Labels.CONTROL;
    }
}
