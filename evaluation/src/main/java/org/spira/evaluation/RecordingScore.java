package org.spira.evaluation;

import java.util.List;

/**
 * One recording's aggregate: its label and the mean of its windows' probabilities.
 *
 * @param recordingId the recording
 * @param label 0 = control, 1 = patient
 * @param meanProbability mean of the windows' probabilities, in [0, 1]
 * @param windows the recording's windows in window-index order
 */
public record RecordingScore(String recordingId, int label, double meanProbability, List<WindowPrediction> windows) {}
