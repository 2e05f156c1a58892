package org.spira.pipeline.scoring;

import java.util.Objects;
import org.spira.features.RejectReason;

/**
 * What scoring one recording gave: its prediction (windows scored, probability, predicted class),
 * or the reason it could not be scored. A reject's message names no file and no person.
 *
 * @param windows whole windows scored; 0 for a reject
 * @param probability the mean of the windows' patient probabilities, in [0, 1]; NaN for a reject
 * @param predictedLabel 1 (patient) when the probability reaches the threshold, else 0; -1 for a
 *     reject
 * @param rejectReason a stable reason code ({@link RejectReason#code()}); null when scored
 * @param rejectMessage what was wrong, and what to do; null when scored
 */
public record RecordingOutcome(
        int windows, double probability, int predictedLabel, String rejectReason, String rejectMessage) {

    public static RecordingOutcome scored(int windows, double probability, int predictedLabel) {
        return new RecordingOutcome(windows, probability, predictedLabel, null, null);
    }

    public static RecordingOutcome rejected(RejectReason reason, String message) {
        return new RecordingOutcome(0, Double.NaN, -1, reason.code(), Objects.requireNonNull(message, "message"));
    }

    /** Whether the recording was scored (else it was rejected). */
    public boolean isScored() {
        return rejectReason == null;
    }
}
