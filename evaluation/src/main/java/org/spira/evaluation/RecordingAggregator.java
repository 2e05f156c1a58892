package org.spira.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups window predictions by recording and scores each recording with the mean of its
 * windows' probabilities ({@link RecordingProbability}, SPIRA.md section 7). Recordings come out sorted by id and windows
 * by index, so the result (and every seeded bootstrap after it) does not depend on the order
 * the predictions arrived in.
 */
public final class RecordingAggregator {
    private RecordingAggregator() {}

    /** One score per recording of {@code predictions} (one condition's), sorted by recording id. */
    public static List<RecordingScore> aggregate(List<WindowPrediction> predictions) {
        Map<String, List<WindowPrediction>> byRecording = new TreeMap<>();
        for (WindowPrediction p : predictions) {
            byRecording
                    .computeIfAbsent(p.recordingId(), id -> new ArrayList<>())
                    .add(p);
        }
        List<RecordingScore> recordings = new ArrayList<>(byRecording.size());
        int ordinal = 0;
        for (List<WindowPrediction> windows : byRecording.values()) {
            recordings.add(score(windows, ordinal++));
        }
        return recordings;
    }

    // Messages name the recording by its position in id order, never by its id.
    private static RecordingScore score(List<WindowPrediction> windows, int ordinal) {
        windows.sort(Comparator.comparingInt(WindowPrediction::windowIndex));
        int label = windows.get(0).label();
        double[] probabilities = new double[windows.size()];
        for (int k = 0; k < windows.size(); k++) {
            WindowPrediction w = windows.get(k);
            if (w.label() != label) {
                throw new IllegalArgumentException("recording #" + ordinal + " (in id order) has windows labelled"
                        + " both 0 and 1: a label belongs to the recording, so all its windows must carry the same");
            }
            if (k > 0 && w.windowIndex() == windows.get(k - 1).windowIndex()) {
                throw new IllegalArgumentException("recording #" + ordinal + " (in id order) has window "
                        + w.windowIndex() + " twice: pass one prediction per window (one test condition at a time)");
            }
            probabilities[k] = w.probability();
        }
        return new RecordingScore(
                windows.get(0).recordingId(), label, RecordingProbability.mean(probabilities), List.copyOf(windows));
    }
}
