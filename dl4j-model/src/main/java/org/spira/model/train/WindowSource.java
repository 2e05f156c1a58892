package org.spira.model.train;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * Where the trainer gets MFCC windows from, one minibatch at a time, so that a feature table
 * never has to fit in memory. The trainer computes every {@link EpochPlan} itself from the small
 * {@link RecordingEntry} index; a source only fetches the windows a plan names.
 *
 * <p>Contract of {@link #fetch}: for each requested recording, every one of its windows
 * (0 to windowCount - 1) of the requested variant, exactly once, in any order. The trainer puts
 * them in plan order itself, so a distributed source need not sort. A source that can stream a
 * whole epoch more cheaply than minibatch by minibatch (for example one distributed query in
 * plan order) overrides {@link #fetchAll}.
 */
public interface WindowSource {

    /** Every window of each of {@code recordings}, at its planned variant, in any order. */
    Collection<TrainingWindow> fetch(List<PlannedRecording> recordings);

    /**
     * The windows of each minibatch in turn, fetched lazily: the i-th element holds the windows of
     * {@code minibatches.get(i)}. The default fetches each minibatch when it is asked for.
     */
    default Iterator<Collection<TrainingWindow>> fetchAll(List<PlannedMinibatch> minibatches) {
        return minibatches.stream().map(batch -> fetch(batch.recordings())).iterator();
    }
}
