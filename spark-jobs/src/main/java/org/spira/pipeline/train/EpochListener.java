package org.spira.pipeline.train;

import java.io.Serializable;
import org.spira.model.train.TrainingObserver;

/**
 * A {@link TrainingObserver} that can travel with the training task to an executor, told about
 * every epoch after the run's metrics are logged (for example a fault-injecting test observer).
 */
@FunctionalInterface
public interface EpochListener extends TrainingObserver, Serializable {
    /** A listener that ignores every report. */
    EpochListener NONE = report -> {};
}
