package org.spira.model.train;

/**
 * One training example: a window of MFCC features of one variant of a labelled recording.
 *
 * @param recordingId the recording's id (SHA-256 of its bytes; never a subject identifier)
 * @param label 0 = control, 1 = patient
 * @param variant 0 = clean, k >= 1 = the k-th precomputed noisy variant
 * @param windowIndex position of the window in the recording, from 0
 * @param mfcc frames x coefficients, row-major ({@link WindowShape}); owned by this record,
 *     callers must not mutate it
 */
public record TrainingWindow(String recordingId, int label, int variant, int windowIndex, float[] mfcc) {
    public TrainingWindow {
        RecordingEntry.requireId(recordingId);
        RecordingEntry.requireLabel(label, recordingId);
        if (variant < 0 || windowIndex < 0) {
            throw new IllegalArgumentException("variant and window index must be >= 0, got variant " + variant
                    + " window " + windowIndex + " of recording " + recordingId);
        }
        if (mfcc == null) {
            throw new IllegalArgumentException(
                    "window " + windowIndex + " of recording " + recordingId + " has no MFCC values");
        }
    }
}
