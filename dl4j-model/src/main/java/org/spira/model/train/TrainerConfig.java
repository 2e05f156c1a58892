package org.spira.model.train;

import java.io.Serializable;

/**
 * How the {@link Trainer} runs. Validated on construction; each message names the field and the fix.
 *
 * @param seed the run's seed: epoch plans and dropout masks derive from it
 * @param epochs epochs to train in total (a resumed run continues up to this number)
 * @param recordingsPerBatch K, recordings per minibatch, each with all its windows (SPIRA: 5)
 * @param workers ParallelWrapper workers (model replicas trained in parallel), >= 1
 * @param averagingFrequency rounds between parameter averaging, >= 1 (1: average after every
 *     round; larger values lose the updates of workers other than the first in an epoch's
 *     trailing rounds, see docs/training.md)
 * @param prefetchBuffer minibatches assembled ahead on a background thread, >= 0
 * @param shape frames x coefficients of each window
 * @param patience epochs in a row without a lower validation loss after which training stops
 *     early, >= 0 (0: never stop early; SPIRA trained all its epochs and kept the best)
 */
public record TrainerConfig(
        long seed,
        int epochs,
        int recordingsPerBatch,
        int workers,
        int averagingFrequency,
        int prefetchBuffer,
        WindowShape shape,
        int patience)
        implements Serializable {

    public TrainerConfig {
        require(epochs >= 1, "epochs", epochs, "train at least one epoch (SPIRA: 1000)");
        require(recordingsPerBatch >= 1, "recordingsPerBatch", recordingsPerBatch, "SPIRA uses 5");
        require(workers >= 1, "workers", workers, "use 1 for plain training, or up to the number of cores");
        require(averagingFrequency >= 1, "averagingFrequency", averagingFrequency, "use 1 (average every round)");
        require(prefetchBuffer >= 0, "prefetchBuffer", prefetchBuffer, "use 0 to disable prefetching, or 2");
        require(patience >= 0, "patience", patience, "use 0 (never stop early) or a number of epochs");
        if (shape == null) {
            throw new IllegalArgumentException("shape is missing; use WindowShape.SPIRA for 4 s windows");
        }
    }

    /** A config that never stops early. */
    public TrainerConfig(
            long seed,
            int epochs,
            int recordingsPerBatch,
            int workers,
            int averagingFrequency,
            int prefetchBuffer,
            WindowShape shape) {
        this(seed, epochs, recordingsPerBatch, workers, averagingFrequency, prefetchBuffer, shape, 0);
    }

    /** SPIRA's setup (section 6): 1000 epochs of 5 recordings per minibatch, one worker. */
    public static TrainerConfig spira(long seed) {
        return new TrainerConfig(seed, 1000, 5, 1, 1, 2, WindowShape.SPIRA);
    }

    /** This config with another number of epochs. */
    public TrainerConfig withEpochs(int newEpochs) {
        return new TrainerConfig(
                seed, newEpochs, recordingsPerBatch, workers, averagingFrequency, prefetchBuffer, shape, patience);
    }

    /** This config with another number of workers. */
    public TrainerConfig withWorkers(int newWorkers) {
        return new TrainerConfig(
                seed, epochs, recordingsPerBatch, newWorkers, averagingFrequency, prefetchBuffer, shape, patience);
    }

    /** This config with another patience (0: never stop early). */
    public TrainerConfig withPatience(int newPatience) {
        return new TrainerConfig(
                seed, epochs, recordingsPerBatch, workers, averagingFrequency, prefetchBuffer, shape, newPatience);
    }

    /**
     * Whether a run in {@code state} trains no further: all {@link #epochs} are done, or the last
     * {@link #patience} epochs (patience > 0) brought no lower validation loss than the best. A
     * pure function of the saved state, so a resumed run that had stopped early stays stopped.
     */
    public boolean isDone(TrainerState state) {
        return state.nextEpoch() >= epochs || stoppedEarly(state);
    }

    /** Whether {@code state} ends the run by patience (before all epochs were trained). */
    public boolean stoppedEarly(TrainerState state) {
        return patience > 0 && state.bestEpoch() >= 0 && state.epoch() - state.bestEpoch() >= patience;
    }

    private static void require(boolean valid, String field, int value, String fix) {
        if (!valid) {
            throw new IllegalArgumentException("trainer " + field + " = " + value + " is invalid; " + fix);
        }
    }
}
