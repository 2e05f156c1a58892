package org.spira.model.train;

/**
 * Told about every completed epoch, after its checkpoint is saved (for example to log metrics to a
 * tracking server). Called on the training thread; an exception thrown here stops training.
 */
@FunctionalInterface
public interface TrainingObserver {
    /** An observer that ignores every report. */
    TrainingObserver NONE = report -> {};

    void onEpoch(EpochReport report);
}
