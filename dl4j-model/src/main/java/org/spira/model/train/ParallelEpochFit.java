package org.spira.model.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a model on one epoch's minibatches: on the calling thread with one worker, with
 * ParallelWrapper ({@link SeededParallelWrapper}) with more; one worker does not go through
 * ParallelWrapper, which would add nothing but a thread. Both paths seed ND4J's generator the same
 * way before each minibatch ({@code SeedMix.of(seed, iteration, worker)}), so dropout masks are
 * reproducible, and both leave the model with the Adam moments of the epoch. Each worker limits its
 * native threads ({@link WorkerThreads}): by default the JVM's cores divided among the workers.
 *
 * <p>The ParallelWrapper workers live from one epoch to the next, as the calling thread does with
 * one worker: a worker's memory workspaces grow to the largest minibatch once, in its first epoch,
 * instead of in every epoch. {@link #close} stops them.
 */
final class ParallelEpochFit implements AutoCloseable {
    private final TrainerConfig config;
    private final WindowSource source;
    private final int threadsPerWorker;
    private SeededParallelWrapper wrapper;

    ParallelEpochFit(TrainerConfig config, WindowSource source) {
        this(config, source, WorkerThreads.perWorker(config.workers()));
    }

    /** With {@code threadsPerWorker} native threads for each worker instead of the default. */
    ParallelEpochFit(TrainerConfig config, WindowSource source, int threadsPerWorker) {
        this.config = config;
        this.source = source;
        this.threadsPerWorker = threadsPerWorker;
    }

    /**
     * Fits {@code model} on every minibatch of {@code plan}, in place.
     *
     * @return the mean minibatch loss of the epoch
     * @throws TrainingException if a worker or the window source fails (cause kept)
     */
    double fit(MultiLayerNetwork model, EpochPlan plan, MinibatchAssembler assembler) {
        MinibatchLosses losses = new MinibatchLosses();
        EpochIterator minibatches = new EpochIterator(plan, source, assembler);
        try {
            if (config.workers() == 1) {
                fitOnThisThread(model, minibatches, losses);
            } else {
                fitInParallel(model, minibatches, losses);
            }
        } catch (RuntimeException e) {
            close();
            throw new TrainingException("training epoch " + plan.epoch() + " failed: " + e.getMessage(), e);
        }
        if (losses.count() != plan.size()) {
            throw new TrainingException("epoch " + plan.epoch() + " planned " + plan.size() + " minibatches but "
                    + losses.count() + " were trained; check the window source and the worker logs");
        }
        return losses.mean();
    }

    private void fitOnThisThread(MultiLayerNetwork model, EpochIterator minibatches, MinibatchLosses losses) {
        WorkerThreads.apply(threadsPerWorker);
        while (minibatches.hasNext()) {
            DataSet minibatch = minibatches.next();
            int iteration = model.getIterationCount();
            Nd4j.getRandom().setSeed(SeedMix.of(config.seed(), iteration, 0));
            model.fit(minibatch);
            losses.record(iteration, 0, model.score());
        }
    }

    private void fitInParallel(MultiLayerNetwork model, EpochIterator minibatches, MinibatchLosses losses) {
        if (wrapper != null && !wrapper.trains(model)) {
            close();
        }
        if (wrapper == null) {
            wrapper = new SeededParallelWrapper(model, config, threadsPerWorker);
        }
        wrapper.fitEpoch(minibatches, losses);
    }

    /** Stops the ParallelWrapper workers, if any; a later {@code fit} starts new ones. */
    @Override
    public void close() {
        if (wrapper != null) {
            SeededParallelWrapper stopping = wrapper;
            wrapper = null;
            stopping.shutdown();
        }
    }
}
