package org.spira.model.train;

/**
 * A recording as it is used in one minibatch: all its windows, of one variant.
 *
 * @param recordingId the recording's id
 * @param label 0 = control, 1 = patient
 * @param variant the variant whose windows are used (0 = clean)
 * @param windowCount windows of the recording, all of which are used
 */
public record PlannedRecording(String recordingId, int label, int variant, int windowCount) {}
