package org.spira.model.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.parallelism.trainer.DefaultTrainer;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A ParallelWrapper worker that makes training reproducible.
 *
 * <p>Replicas start from the model's state: ParallelWrapper starts its worker threads
 * asynchronously, and each replica copies the caller's parameters and updater state when its
 * thread starts, while worker 0 may already be training the caller's model. Every worker here
 * waits until all replicas are built before its first minibatch, so each copies the untouched state.
 *
 * <p>Dropout is reproducible: ND4J's random generator is
 * per thread and ParallelWrapper starts new worker threads for every fit, seeded from the clock,
 * so before each minibatch this worker seeds its thread's generator with
 * {@code SeedMix.of(seed, iteration, worker)}. The iteration counter is part of the model (saved in
 * checkpoints), so a resumed run draws the same dropout masks as an uninterrupted one. It also
 * records each minibatch's loss and counts the minibatches, and limits its thread's native threads
 * ({@link WorkerThreads}).
 */
final class SeededWorker extends DefaultTrainer {
    private final long seed;
    private final int threads;
    private final AtomicReference<MinibatchLosses> losses;
    private final CountDownLatch replicasReady;
    private final AtomicInteger fitted = new AtomicInteger();
    /** Minibatches fed to this worker and minibatches whose fit has ended, guarded by itself. */
    private final Object fitEnds = new Object();

    private long fed;
    private long ended;

    SeededWorker(
            WorkerSetup setup,
            long seed,
            int threads,
            AtomicReference<MinibatchLosses> losses,
            CountDownLatch replicasReady) {
        super();
        // Queues and counters are shared by the feeding and the training thread: create them once, here.
        setupIfNeccessary();
        this.originalModel = setup.model();
        this.replicatedModel = setup.model();
        this.threadId = setup.threadId();
        this.uuid = setup.uuid() + "_thread_" + setup.threadId();
        this.parallelWrapper = setup.wrapper();
        this.workspaceMode = setup.workspaceMode();
        this.useMDS = setup.useMDS();
        this.averagingFrequency = setup.averagingFrequency();
        this.seed = seed;
        this.threads = threads;
        this.losses = losses;
        this.replicasReady = replicasReady;
        setName("SPIRA training worker " + setup.threadId());
        setDaemon(true);
    }

    @Override
    protected void postInit() {
        super.postInit();
        replicasReady.countDown();
    }

    @Override
    protected void fit(DataSet dataSet) {
        awaitReplicas();
        WorkerThreads.apply(threads);
        MultiLayerNetwork network = (MultiLayerNetwork) replicatedModel;
        int iteration = network.getIterationCount();
        Nd4j.getRandom().setSeed(SeedMix.of(seed, iteration, threadId));
        try {
            super.fit(dataSet);
            losses.get().record(iteration, threadId, network.score());
            fitted.incrementAndGet();
        } finally {
            synchronized (fitEnds) {
                ended++;
                fitEnds.notifyAll();
            }
        }
    }

    /** Minibatches this worker has trained on in this epoch; one per round it took part in. */
    int minibatchesFitted() {
        return fitted.get();
    }

    /** Starts counting {@link #minibatchesFitted} anew; called between epochs, while the worker is idle. */
    void startEpoch() {
        fitted.set(0);
    }

    @Override
    public void feedDataSet(DataSet dataSet, long etlTime) {
        if (dataSet != null) {
            synchronized (fitEnds) {
                fed++;
            }
        }
        super.feedDataSet(dataSet, etlTime);
    }

    /**
     * Waits until this worker has finished the minibatches fed to it, as DefaultTrainer's does,
     * but asleep: the feeding thread waits for the end of each fit on a monitor instead of
     * checking every microsecond. On two cores those checks took about 20 % of a core from the
     * workers (and about 8 % when made every 200 µs). DefaultTrainer counts a minibatch as done
     * right after its fit returns; the few microseconds between the two are waited out by checking.
     *
     * @throws TrainingException if the worker failed
     */
    @Override
    public void waitTillRunning() {
        synchronized (fitEnds) {
            while (ended < fed && thrownException == null) {
                try {
                    fitEnds.wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TrainingException("interrupted while waiting for a training worker", e);
                }
            }
        }
        while (running.get() != 0) {
            if (thrownException != null) {
                throw new TrainingException(
                        "a training worker failed: " + thrownException.getMessage(), thrownException);
            }
            LockSupport.parkNanos(1000L);
        }
    }

    private void awaitReplicas() {
        try {
            replicasReady.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingException("interrupted while waiting for the training workers to start", e);
        }
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
