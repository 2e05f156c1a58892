package org.spira.model.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.parallelism.factory.TrainerContext;
import org.deeplearning4j.parallelism.trainer.Trainer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ParallelWrapper in parameter-averaging mode with {@link SeededWorker}s. It is built here rather
 * than with {@code ParallelWrapper.Builder} because the builder replaces any custom trainer
 * context in averaging mode and refuses fewer than two workers; one worker (training the model
 * itself on one thread) is a valid configuration here.
 *
 * <p>Averaging mode is deterministic (given {@link SeededWorker}'s start barrier and seeds):
 * worker k of a round always gets the round's k-th minibatch,
 * every worker of a round finishes before the parameters and updater states are averaged, and
 * worker 0 trains the caller's model itself, so after {@code fit} the model holds the average.
 * Gradient sharing (SHARED_GRADIENTS) applies thresholded updates asynchronously and is not used.
 *
 * <p>The workers are kept from one {@link #fitEpoch} to the next, until {@link #shutdown}:
 * ParallelWrapper's {@code fit} calls {@link #close} when the iterator is exhausted, and here that
 * ends the epoch instead of stopping the workers. Two defects of that end of a fit are mended:
 *
 * <ul>
 *   <li>It averages only every {@code averagingFrequency} rounds and only over the workers of the
 *       last round, so the updates of other workers since the last average were dropped at the end
 *       of a fit (a trailing window shorter than the frequency, or a last round with fewer
 *       minibatches than workers). Here the last window is averaged over every worker that trained
 *       in it. This is exact: averaging preserves the sum of the states it averages.
 *   <li>On shutdown worker 0 calls {@code clear()} on the caller's model, which drops its solver
 *       and with it the updater: {@code getUpdater()} then builds a fresh one, and the Adam moments
 *       the epoch built up read as zeros. Here the updater is put back.
 * </ul>
 *
 * <p>Each epoch starts with every replica holding the caller's parameters, Adam moments and
 * iteration and epoch counts, so an epoch trains exactly as it would on workers started for it
 * (as a resumed run's are).
 */
final class SeededParallelWrapper extends ParallelWrapper {
    private final AtomicReference<MinibatchLosses> losses = new AtomicReference<>();

    SeededParallelWrapper(MultiLayerNetwork model, TrainerConfig config, int threadsPerWorker) {
        super(model, config.workers(), config.prefetchBuffer());
        this.averagingFrequency = config.averagingFrequency();
        this.averageUpdaters = true;
        this.isMQ = false;
        this.workspaceMode = WorkspaceMode.ENABLED;
        this.trainerContext =
                new SeededContext(config.seed(), threadsPerWorker, losses, new CountDownLatch(config.workers()));
        init();
    }

    /** Whether this wrapper's worker 0 trains {@code network}. */
    boolean trains(MultiLayerNetwork network) {
        return model == network;
    }

    /** Trains one epoch's minibatches, recording their losses in {@code epochLosses}. */
    void fitEpoch(EpochIterator minibatches, MinibatchLosses epochLosses) {
        losses.set(epochLosses);
        iterationsCounter.set(0);
        synchronizeReplicas();
        fit(minibatches);
    }

    /** Ends an epoch: averages the last window of rounds; the workers keep running. */
    @Override
    public void close() {
        if (zoo != null) {
            averageLastWindow();
        }
    }

    /** Stops the workers, keeping the caller's model's updater. */
    @Override
    public synchronized void shutdown() {
        MultiLayerNetwork network = (MultiLayerNetwork) model;
        Updater updater = network.getUpdater();
        try {
            super.close();
        } catch (Exception e) {
            throw new TrainingException("stopping the training workers failed: " + e.getMessage(), e);
        }
        network.setUpdater(updater);
    }

    /**
     * Gives every replica the caller's state and starts the round counts of the epoch. Workers are idle between epochs; each sees this
     * before its next minibatch, which reaches it through a blocking queue.
     */
    private void synchronizeReplicas() {
        if (zoo == null) {
            return;
        }
        MultiLayerNetwork network = (MultiLayerNetwork) model;
        INDArray state = network.getUpdater().getStateViewArray();
        for (Trainer worker : zoo) {
            ((SeededWorker) worker).startEpoch();
            MultiLayerNetwork replica = (MultiLayerNetwork) worker.getModel();
            if (replica == null || replica == network) {
                continue;
            }
            replica.params().assign(network.params());
            if (state != null) {
                replica.getUpdater().getStateViewArray().assign(state);
            }
            replica.setIterationCount(network.getIterationCount());
            replica.setEpochCount(network.getEpochCount());
        }
    }

    /**
     * Averages parameters and updater states over the workers that trained in the last window of
     * rounds (the rounds since the last regular average, or the last {@code averagingFrequency}
     * rounds if the fit ended on one). Minibatches go to workers 0, 1, ... in each round, and only
     * the last round can be short, so worker k trained in the window iff it fitted more than
     * {@code rounds - window} minibatches.
     */
    private void averageLastWindow() {
        long rounds = iterationsCounter.get();
        long window = rounds % averagingFrequency == 0 ? averagingFrequency : rounds % averagingFrequency;
        List<INDArray> params = new ArrayList<>();
        List<INDArray> states = new ArrayList<>();
        for (Trainer worker : zoo) {
            if (((SeededWorker) worker).minibatchesFitted() > rounds - window) {
                MultiLayerNetwork replica = (MultiLayerNetwork) worker.getModel();
                params.add(replica.params());
                states.add(replica.getUpdater().getStateViewArray());
            }
        }
        if (params.size() > 1) {
            Nd4j.averageAndPropagate(null, params);
            if (states.get(0) != null) {
                Nd4j.averageAndPropagate(null, states);
            }
        }
    }

    private record SeededContext(
            long seed, int threads, AtomicReference<MinibatchLosses> losses, CountDownLatch replicasReady)
            implements TrainerContext {
        @Override
        public void init(Model model, Object... args) {
            // Workers need nothing beyond what create() passes them.
        }

        @Override
        public Trainer create(
                String uuid,
                int threadId,
                Model model,
                int rootDevice,
                boolean useMDS,
                ParallelWrapper wrapper,
                WorkspaceMode mode,
                int averagingFrequency) {
            return new SeededWorker(
                    new SeededWorker.WorkerSetup(uuid, threadId, model, wrapper, mode, useMDS, averagingFrequency),
                    seed,
                    threads,
                    losses,
                    replicasReady);
        }

        @Override
        public void finalizeRound(Model originalModel, Model... models) {
            // ParallelWrapper averages parameters and updater state itself after each round.
        }

        @Override
        public void finalizeTraining(Model originalModel, Model... models) {
            // Worker 0 trains the original model, which holds the last average.
        }
    }
}
