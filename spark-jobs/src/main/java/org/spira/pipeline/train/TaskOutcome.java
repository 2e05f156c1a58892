package org.spira.pipeline.train;

import java.io.Serializable;
import java.util.List;
import org.spira.model.train.TrainerState;
import org.spira.pipeline.config.ConfigException;

/**
 * What the training task reports back to the driver: the final trainer state and where it
 * trained, or why it failed. A failure travels as text (exception class, message and stack) and
 * the task itself succeeds, so Spark does not rerun a training that fails the same way each time;
 * the driver raises it (configuration errors as {@link ConfigException}, so that the stage exits 2).
 *
 * @param epochs epochs complete in the run, including earlier ones of a resumed run
 * @param bestEpoch the epoch of the lowest validation loss, from 0
 * @param bestLoss that validation loss, nats per window
 * @param devices where it trained
 * @param failure {@code ""} when training finished; else the failure's class and message
 * @param configurationError whether the failure was a configuration or environment error
 * @param stack the failure's stack trace, empty when none
 */
record TaskOutcome(
        int epochs,
        int bestEpoch,
        double bestLoss,
        TaskDevices devices,
        String failure,
        boolean configurationError,
        List<StackTraceElement> stack)
        implements Serializable {

    static TaskOutcome finished(TrainerState last, TaskDevices devices) {
        return new TaskOutcome(last.epoch() + 1, last.bestEpoch(), last.bestLoss(), devices, "", false, List.of());
    }

    static TaskOutcome failed(RuntimeException e, TaskDevices devices) {
        return new TaskOutcome(
                0,
                -1,
                Double.NaN,
                devices,
                e.getClass().getName() + ": " + e.getMessage(),
                e instanceof ConfigException,
                List.of(e.getStackTrace()));
    }

    /** This outcome when training finished; throws its failure otherwise. */
    TaskOutcome orThrow() {
        if (failure.isEmpty()) {
            return this;
        }
        String message = "the training task on " + devices.where() + " failed: " + failure;
        RuntimeException e = configurationError ? new ConfigException(message) : new TrainStageException(message);
        e.setStackTrace(stack.toArray(StackTraceElement[]::new));
        throw e;
    }
}
