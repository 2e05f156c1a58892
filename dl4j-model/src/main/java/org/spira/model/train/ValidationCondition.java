package org.spira.model.train;

/**
 * The conditions the validation recordings are scored under, after SPIRA's two test conditions
 * (section 7): every recording clean, and noise on controls only.
 */
public enum ValidationCondition {
    /** Variant 0 of every validation recording. */
    CLEAN,
    /**
     * The lowest-numbered noisy variant of each control that has one, the clean variant of every
     * other recording: it catches a model that learned "ward noise means patient". Scored only
     * when at least one validation control has a noisy variant.
     */
    NOISY_CONTROLS;

    /** The variant of {@code entry} this condition scores. */
    int variantOf(RecordingEntry entry) {
        boolean noised = this == NOISY_CONTROLS
                && entry.label() == 0
                && !entry.noisyVariants().isEmpty();
        return noised ? entry.noisyVariants().get(0) : 0;
    }
}
