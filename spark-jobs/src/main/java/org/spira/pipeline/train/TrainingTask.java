package org.spira.pipeline.train;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spira.model.ModelSpec;
import org.spira.model.SpiraConvNet;
import org.spira.model.train.Checkpoint;
import org.spira.model.train.RecordingEntry;
import org.spira.model.train.Trainer;
import org.spira.model.train.TrainerConfig;
import org.spira.model.train.TrainingObserver;
import org.spira.model.train.WindowSource;
import org.spira.pipeline.io.StorageException;
import org.spira.pipeline.tracking.TrackedRun;

/**
 * The training itself, the one code path of both placements: the driver calls {@link #train}
 * with its own run and window source; on an executor {@link ExecutorTraining} calls it with the
 * same run reattached and the windows Spark shipped. It checks the devices, records where it
 * trains, sets ND4J's threads and trains with checkpoints and per-epoch metrics in the run's
 * artifacts ({@link RunCheckpointStore}, {@link RunMetricsObserver}), so a run trained on an
 * executor is tracked, and resumes, exactly as one trained on the driver.
 *
 * @param spec the network and optimizer
 * @param trainer epochs, minibatches and seed; its worker count is replaced by the devices'
 * @param train the training recordings (index only)
 * @param validation the validation recordings (index only)
 * @param fresh whether the run is new (placement is recorded as params) or resumed (as tags:
 *     a param cannot change value)
 * @param listener told about every epoch after the run's metrics
 * @param nvidiaSmi the program that reports the GPUs' compute capability
 */
record TrainingTask(
        ModelSpec spec,
        TrainerConfig trainer,
        List<RecordingEntry> train,
        List<RecordingEntry> validation,
        boolean fresh,
        EpochListener listener,
        String nvidiaSmi)
        implements Serializable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingTask.class);

    TrainingTask {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }

    /** This task as a rerun: Spark reran the stage, so the run already holds the placement params. */
    TrainingTask rerun() {
        return new TrainingTask(spec, trainer, train, validation, false, listener, nvidiaSmi);
    }

    /**
     * Trains in {@code run} on the windows of {@code source} with {@code devices}.
     *
     * @throws org.spira.pipeline.config.ConfigException when the devices cannot be used
     * @throws org.spira.model.train.TrainingException when training fails
     */
    TaskOutcome train(TrackedRun run, WindowSource source, TaskDevices devices) {
        devices.check(nvidiaSmi);
        LOG.info("train: run " + run.id() + " trains on " + devices.where() + " with " + devices.cores()
                + " core(s), GPUs " + devices.gpus() + ", ND4J backend " + (devices.cudaBackend() ? "CUDA" : "CPU")
                + ": " + devices.workers() + " ParallelWrapper worker(s) of " + devices.threadsPerWorker()
                + " thread(s)");
        if (fresh) {
            run.logParams(devices.params());
        } else {
            run.setTags(devices.params());
        }
        devices.applyThreads();
        Path staging = staging();
        try {
            RunCheckpointStore checkpoints = new RunCheckpointStore(run, staging);
            Checkpoint last = new Trainer(trainer.withWorkers(devices.workers()), source, checkpoints, observer(run))
                    .train(() -> SpiraConvNet.network(spec), train, validation);
            return TaskOutcome.finished(last.state(), devices);
        } finally {
            FileUtils.deleteQuietly(staging.toFile());
        }
    }

    private TrainingObserver observer(TrackedRun run) {
        RunMetricsObserver metrics = new RunMetricsObserver(run);
        return report -> {
            metrics.onEpoch(report);
            listener.onEpoch(report);
        };
    }

    private static Path staging() {
        try {
            return Files.createTempDirectory("spira-train-checkpoints-");
        } catch (IOException e) {
            throw new StorageException(
                    "cannot create a local temporary folder to stage checkpoints in: check the local disk"
                            + " (java.io.tmpdir)",
                    e);
        }
    }
}
