package org.spira.model.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.parallelism.trainer.DefaultTrainer;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A ParallelWrapper worker that makes dropout reproducible: ND4J's random generator is
 * per thread and ParallelWrapper starts new worker threads for every fit, seeded from the clock,
 * so before each minibatch this worker seeds its thread's generator with
 * {@code SeedMix.of(seed, iteration, worker)}. The iteration counter is part of the model (saved in
 * checkpoints), so a resumed run draws the same dropout masks as an uninterrupted one. It also
 * records each minibatch's loss.
 */
final class SeededWorker extends DefaultTrainer {
    private final long seed;
    private final MinibatchLosses losses;

    SeededWorker(WorkerSetup setup, long seed, MinibatchLosses losses) {
        super();
        this.originalModel = setup.model();
        this.replicatedModel = setup.model();
        this.threadId = setup.threadId();
        this.uuid = setup.uuid() + "_thread_" + setup.threadId();
        this.parallelWrapper = setup.wrapper();
        this.workspaceMode = setup.workspaceMode();
        this.useMDS = setup.useMDS();
        this.averagingFrequency = setup.averagingFrequency();
        this.seed = seed;
        this.losses = losses;
        setName("SPIRA training worker " + setup.threadId());
        setDaemon(true);
    }

    @Override
    protected void fit(DataSet dataSet) {
        MultiLayerNetwork network = (MultiLayerNetwork) replicatedModel;
        int iteration = network.getIterationCount();
        Nd4j.getRandom().setSeed(SeedMix.of(seed, iteration, threadId));
        super.fit(dataSet);
        losses.record(iteration, threadId, network.score());
    }

    /** What ParallelWrapper hands a trainer context for each worker. */
    record WorkerSetup(
            String uuid,
            int threadId,
            Model model,
            ParallelWrapper wrapper,
            WorkspaceMode workspaceMode,
            boolean useMDS,
            int averagingFrequency) {}
}
