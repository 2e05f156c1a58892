package org.spira.pipeline.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.spira.evaluation.DecisionThreshold;
import org.spira.pipeline.scoring.RecordingOutcome;

/**
 * What {@code spira-predict} says about one file, as one JSON line: {@code file} (as given),
 * {@code recording_id} (the SHA-256 of its bytes, as in the warehouse's tables; null when it could
 * not be read), {@code status} ({@code scored} or {@code rejected}), then {@code probability},
 * {@code predicted_label}, {@code predicted_class}, {@code threshold} and {@code windows}, or the
 * reject's {@code reason} code and {@code message}.
 *
 * @param file the file as named on the command line
 * @param recordingId SHA-256 of its bytes, or null when unreadable
 * @param outcome the prediction or the reject
 * @param threshold the decision threshold applied
 */
public record FilePrediction(String file, String recordingId, RecordingOutcome outcome, DecisionThreshold threshold) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean scored() {
        return outcome.isScored();
    }

    /** The JSON line. */
    public String jsonLine() {
        ObjectNode line = JSON.createObjectNode().put("file", file).put("recording_id", recordingId);
        if (outcome.isScored()) {
            return line.put("status", "scored")
                    .put("probability", outcome.probability())
                    .put("predicted_label", outcome.predictedLabel())
                    .put("predicted_class", outcome.predictedLabel() == 1 ? "patient" : "control")
                    .put("threshold", threshold.value())
                    .put("windows", outcome.windows())
                    .toString();
        }
        return line.put("status", "rejected")
                .put("reason", outcome.rejectReason())
                .put("message", outcome.rejectMessage())
                .toString();
    }
}
