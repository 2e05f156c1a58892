package org.spira.model.train;

import java.io.Serializable;
import java.util.List;

/**
 * One row of the small index an {@link EpochPlan} is computed from: a recording, its label, how
 * many windows it has (the same in every variant: noise does not change the length), and which
 * precomputed noisy variants exist for it. A feature table yields this index with one aggregation
 * (group by recording), without reading any MFCC values.
 *
 * @param recordingId the recording's id (SHA-256 of its bytes)
 * @param label 0 = control, 1 = patient
 * @param windowCount windows per variant, >= 1
 * @param noisyVariants the noisy variant numbers available (each >= 1); sorted and deduplicated
 */
public record RecordingEntry(String recordingId, int label, int windowCount, List<Integer> noisyVariants)
        implements Serializable {
    public RecordingEntry {
        requireId(recordingId);
        requireLabel(label, recordingId);
        if (windowCount < 1) {
            throw new IllegalArgumentException(
                    "recording " + recordingId + " has " + windowCount + " windows; a recording needs at least one");
        }
        noisyVariants = noisyVariants.stream().sorted().distinct().toList();
        if (!noisyVariants.isEmpty() && noisyVariants.get(0) < 1) {
            throw new IllegalArgumentException("noisy variants of recording " + recordingId
                    + " must be >= 1 (0 is the clean variant), got " + noisyVariants);
        }
    }

    /** A recording with only its clean variant. */
    public static RecordingEntry clean(String recordingId, int label, int windowCount) {
        return new RecordingEntry(recordingId, label, windowCount, List.of());
    }

    static void requireId(String recordingId) {
        if (recordingId == null || recordingId.isBlank()) {
            throw new IllegalArgumentException("a recording id must not be blank");
        }
    }

    static void requireLabel(int label, String recordingId) {
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException(
                    "label of recording " + recordingId + " is " + label + "; use 0 (control) or 1 (patient)");
        }
    }
}
