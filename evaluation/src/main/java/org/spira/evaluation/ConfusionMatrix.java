package org.spira.evaluation;

/**
 * Counts of a binary decision against the truth, class 1 (patient) being positive.
 *
 * @param truePositives patients predicted patient
 * @param falsePositives controls predicted patient
 * @param trueNegatives controls predicted control
 * @param falseNegatives patients predicted control
 */
public record ConfusionMatrix(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

    public ConfusionMatrix {
        if (truePositives < 0 || falsePositives < 0 || trueNegatives < 0 || falseNegatives < 0) {
            throw new IllegalArgumentException("ConfusionMatrix counts must be >= 0: " + truePositives + ", "
                    + falsePositives + ", " + trueNegatives + ", " + falseNegatives);
        }
    }

    /** Items whose true class is patient. */
    public long positives() {
        return truePositives + falseNegatives;
    }

    /** Items whose true class is control. */
    public long negatives() {
        return trueNegatives + falsePositives;
    }

    public long predictedPositives() {
        return truePositives + falsePositives;
    }

    public long predictedNegatives() {
        return trueNegatives + falseNegatives;
    }

    public long total() {
        return positives() + negatives();
    }

    public long correct() {
        return truePositives + trueNegatives;
    }

    /**
     * F1 of the patient class in its count form 2TP / (2TP + FP + FN), which equals the
     * harmonic mean of precision and sensitivity where both exist and is 0 (not 0/0) when
     * patients exist but none is predicted. Callers check {@link #positives()} > 0 first.
     */
    double f1() {
        return 2.0 * truePositives / (2.0 * truePositives + falsePositives + falseNegatives);
    }
}
