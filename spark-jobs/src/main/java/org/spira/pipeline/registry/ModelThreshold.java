package org.spira.pipeline.registry;

import org.spira.evaluation.DecisionThreshold;
import org.spira.pipeline.tracking.ModelVersion;

/**
 * The decision threshold a registered model version is used with: the one its metrics were
 * measured at, which {@code evaluate} records as the version's tag {@value #TAG}. A version that
 * was never evaluated has no such tag and is used with a fallback the caller names ({@code
 * spira.evaluate.threshold} for {@code score}, SPIRA's 0.5 for {@code spira-predict}).
 *
 * @param threshold the threshold
 * @param source where it came from, e.g. {@code tag spira.eval.threshold of version 3}
 */
public record ModelThreshold(DecisionThreshold threshold, String source) {
    /** The version tag evaluate writes. */
    public static final String TAG = "spira.eval.threshold";

    /**
     * The threshold of {@code version}: its tag, else {@code fallback}.
     *
     * @param fallbackSource what the fallback is, e.g. {@code spira.evaluate.threshold}
     * @throws LineageException when the tag holds no threshold
     */
    public static ModelThreshold of(ModelVersion version, DecisionThreshold fallback, String fallbackSource) {
        String tag = version.tags().getOrDefault(TAG, "").strip();
        if (tag.isEmpty()) {
            return new ModelThreshold(
                    fallback, fallbackSource + " (version " + version.version() + " has no tag " + TAG + ")");
        }
        try {
            return new ModelThreshold(
                    new DecisionThreshold(Double.parseDouble(tag)), "tag " + TAG + " of version " + version.version());
        } catch (IllegalArgumentException e) {
            throw new LineageException("version " + version.version() + " of model " + version.model() + " has the tag "
                    + TAG + " = " + tag + ", which is not a threshold strictly between 0 and 1: evaluate the version"
                    + " again, or delete the tag to use the default");
        }
    }
}
