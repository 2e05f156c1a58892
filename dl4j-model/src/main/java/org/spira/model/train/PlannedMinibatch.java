package org.spira.model.train;

import java.util.List;

/**
 * One minibatch of an epoch: up to K recordings with all their windows, in plan order.
 *
 * @param index position of the minibatch in its epoch, from 0
 * @param recordings the recordings, in the order their windows are stacked
 */
public record PlannedMinibatch(int index, List<PlannedRecording> recordings) {
    public PlannedMinibatch {
        recordings = List.copyOf(recordings);
    }

    /** Windows in this minibatch: the sum of its recordings' window counts. */
    public int windowCount() {
        return recordings.stream().mapToInt(PlannedRecording::windowCount).sum();
    }
}
