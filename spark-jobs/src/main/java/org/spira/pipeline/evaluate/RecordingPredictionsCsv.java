package org.spira.pipeline.evaluate;

import java.util.List;
import org.spira.evaluation.DecisionThreshold;
import org.spira.evaluation.RecordingAggregator;
import org.spira.evaluation.RecordingScore;
import org.spira.evaluation.WindowPrediction;

/**
 * The per-recording probabilities of one test condition, as the run's artifact {@code
 * predictions/<condition>.csv}: {@code recording_id,label,windows,probability,predicted_label},
 * one line per test recording in id order, the probability with every digit of its double ({@code
 * Double.toString}, independent of the locale). What the metrics were computed from, and what
 * {@code score}'s predictions are checked against. Recording ids are content hashes: no subject
 * id or key is written.
 */
final class RecordingPredictionsCsv {
    static final String HEADER = "recording_id,label,windows,probability,predicted_label";

    private RecordingPredictionsCsv() {}

    static String of(List<WindowPrediction> windows, DecisionThreshold threshold) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (RecordingScore recording : RecordingAggregator.aggregate(windows)) {
            csv.append(recording.recordingId())
                    .append(',')
                    .append(recording.label())
                    .append(',')
                    .append(recording.windows().size())
                    .append(',')
                    .append(recording.meanProbability())
                    .append(',')
                    .append(threshold.predictedLabel(recording.meanProbability()))
                    .append('\n');
        }
        return csv.toString();
    }
}
