package org.spira.evaluation;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The items one set of metrics is computed on: a true label and a probability per item
 * (a window's own probability, or a recording's mean). Arrays are copied, never shared.
 */
final class ScoredSet {
    private final int[] labels;
    private final double[] scores;

    ScoredSet(int[] labels, double[] scores) {
        if (labels.length != scores.length) {
            throw new IllegalArgumentException(
                    "labels and scores differ in length: " + labels.length + " vs " + scores.length);
        }
        this.labels = labels.clone();
        this.scores = scores.clone();
    }

    static ScoredSet ofRecordings(List<RecordingScore> recordings) {
        int[] labels = new int[recordings.size()];
        double[] scores = new double[recordings.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = recordings.get(i).label();
            scores[i] = recordings.get(i).meanProbability();
        }
        return new ScoredSet(labels, scores);
    }

    static ScoredSet ofWindows(List<RecordingScore> recordings) {
        List<WindowPrediction> windows =
                recordings.stream().flatMap(r -> r.windows().stream()).toList();
        int[] labels = new int[windows.size()];
        double[] scores = new double[windows.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = windows.get(i).label();
            scores[i] = windows.get(i).probability();
        }
        return new ScoredSet(labels, scores);
    }

    ConfusionMatrix confusion(EvaluationSpec spec) {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean predicted = spec.predictsPatient(scores[i]);
            boolean patient = labels[i] == Labels.PATIENT;
            if (patient) {
                tp += predicted ? 1 : 0;
                fn += predicted ? 0 : 1;
            } else {
                fp += predicted ? 1 : 0;
                tn += predicted ? 0 : 1;
            }
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    /** Scores of the items of class {@code label}, in item order. */
    double[] scoresOf(int label) {
        return Arrays.stream(indicesOf(label)).mapToDouble(i -> scores[i]).toArray();
    }

    /** Per item of class {@code label}, in item order: whether it is predicted patient. */
    boolean[] predictedPatientOf(int label, EvaluationSpec spec) {
        int[] indices = indicesOf(label);
        boolean[] hits = new boolean[indices.length];
        for (int k = 0; k < indices.length; k++) {
            hits[k] = spec.predictsPatient(scores[indices[k]]);
        }
        return hits;
    }

    private int[] indicesOf(int label) {
        return IntStream.range(0, labels.length).filter(i -> labels[i] == label).toArray();
    }
}
