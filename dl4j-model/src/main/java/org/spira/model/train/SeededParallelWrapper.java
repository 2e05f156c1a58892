package org.spira.model.train;

import java.util.concurrent.CountDownLatch;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.parallelism.factory.TrainerContext;
import org.deeplearning4j.parallelism.trainer.Trainer;

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
 */
final class SeededParallelWrapper extends ParallelWrapper {

    SeededParallelWrapper(MultiLayerNetwork model, TrainerConfig config, MinibatchLosses losses) {
        super(model, config.workers(), config.prefetchBuffer());
        this.averagingFrequency = config.averagingFrequency();
        this.averageUpdaters = true;
        this.isMQ = false;
        this.workspaceMode = WorkspaceMode.ENABLED;
        this.trainerContext = new SeededContext(config.seed(), losses, new CountDownLatch(config.workers()));
        init();
    }

    private record SeededContext(long seed, MinibatchLosses losses, CountDownLatch replicasReady)
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
