package org.spira.evaluation;

import java.util.Locale;
import java.util.Objects;

/**
 * The model's output for one window of one recording.
 *
 * @param recordingId the recording the window belongs to (a content hash, never a subject id)
 * @param windowIndex position of the window in its recording, 0-based
 * @param label the recording's true class: 0 = control, 1 = patient
 * @param probability the model's probability that the window comes from a patient, in [0, 1]
 */
public record WindowPrediction(String recordingId, int windowIndex, int label, double probability) {

    public WindowPrediction {
        Objects.requireNonNull(recordingId, "WindowPrediction.recordingId must not be null");
        if (recordingId.isBlank()) {
            throw new IllegalArgumentException("WindowPrediction.recordingId is blank: every window needs its"
                    + " recording's id so it can be aggregated per recording");
        }
        if (windowIndex < 0) {
            throw invalid("windowIndex", windowIndex, "must be >= 0");
        }
        Labels.require(label, "WindowPrediction.label");
        if (!(probability >= 0 && probability <= 1)) {
            throw invalid("probability", probability, "must be a finite number in [0, 1] (a sigmoid output)");
        }
    }

    private static IllegalArgumentException invalid(String name, Object value, String rule) {
        return new IllegalArgumentException(
                String.format(Locale.ROOT, "WindowPrediction.%s = %s is invalid: %s", name, value, rule));
    }
}
