package org.spira.pipeline.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spira.model.Architecture;
import org.spira.model.ModelSpec;
import org.spira.model.OptimizerSpec;
import org.spira.model.SpiraConvNet;
import org.spira.model.train.Checkpoint;
import org.spira.model.train.TrainerConfig;
import org.spira.pipeline.BuildInfo;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.config.FeaturesConfig;
import org.spira.pipeline.config.TrackingConfig;
import org.spira.pipeline.config.TrainConfig;
import org.spira.pipeline.io.StorageException;
import org.spira.pipeline.registry.ModelArtifacts;
import org.spira.pipeline.registry.TrainingLineage;
import org.spira.pipeline.registry.TrainingMembership;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.TrainingMembershipTable;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.RunAddress;
import org.spira.pipeline.tracking.RunSpec;
import org.spira.pipeline.tracking.TrackedRun;
import org.spira.pipeline.tracking.Tracker;

/**
 * {@code train}: SpiraConvNet on the feature rows of one feature version at a pinned table
 * version, split by the pinned splits, tracked as one MLflow run (params, lineage tags, dataset
 * inputs, per-epoch metrics, a checkpoint per epoch in its artifacts) whose best checkpoint
 * becomes a new registered model version. The driver pins the inputs, builds the index, opens the
 * run, and after training uploads and registers the best checkpoint; the network trains where
 * {@code spira.train.placement} says: in one Spark task on an executor ({@link ExecutorTraining})
 * or on the driver, through the same {@link TrainingTask}. Once the version is registered, the
 * recordings it learned from (training and validation, with their subject keys) are added to
 * {@code training_membership} ({@link TrainingMembership}), the table an erasure request is
 * answered from; the rows are checked against the index before the run opens.
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
    /** The tables a train run writes: the commands hold their writer leases. */
    public static final List<String> TABLES_WRITTEN = List.of(TrainingMembershipTable.NAME);
    /** The program that reports GPUs' compute capability, found on the executors' PATH. */
    static final String NVIDIA_SMI = "nvidia-smi";

    private final SparkSession spark;
    private final Tracker tracker;
    private final TrainConfig config;
    private final TrackingConfig tracking;
    private final String resolvedConfig;
    private final EpochListener listener;

    /**
     * @param tracking the configuration {@code tracker} was connected with (the training task
     *     reconnects with it)
     * @param resolvedConfig the run's whole configuration as HOCON, kept as an artifact
     * @param listener told about every epoch after the run's metrics are logged
     */
    public TrainJob(
            SparkSession spark,
            Tracker tracker,
            TrainConfig config,
            TrackingConfig tracking,
            String resolvedConfig,
            EpochListener listener) {
        this.spark = spark;
        this.tracker = tracker;
        this.config = config;
        this.tracking = tracking;
        this.resolvedConfig = resolvedConfig;
        this.listener = listener;
    }

    /** Trains in a new run, or continues run {@code resumeRunId} from its latest checkpoint. */
    public TrainResult run(String warehouse, Optional<String> resumeRunId) {
        if (config.placement() == TrainConfig.Placement.EXECUTOR) {
            ExecutorTraining.checkMaster(spark, config.gpus());
        }
        DeltaStore store = new DeltaStore(spark, warehouse);
        Optional<TrainingLineage> recorded = resumeRunId.map(id ->
                TrainingLineage.read(tracker.runRecord(id).tags(), "run " + id).orElseThrow());
        TrainingInputs inputs = TrainingInputs.pin(store, config, recorded);
        Dataset<Row> features = inputs.features(store);
        TrainingIndex index = TrainingIndex.of(features, inputs.splits(store));
        Dataset<Row> used = FeatureWindows.used(features, index.recordingIds());
        FeatureWindows.Mode mode = chooseMode(index, inputs);
        BuildInfo build = BuildInfo.current();
        TrainingLineage lineage = inputs.lineage(
                build.gitCommit(), build.appVersion(), spark.sparkContext().applicationId());
        checkMembership(store, lineage, index);
        Session session = new Session(store, inputs, index, mode, used, lineage, modelSpec(inputs));
        TrainResult result;
        try {
            result = resumeRunId.isPresent()
                    ? tracker.resume(resumeRunId.get(), run -> train(run, session, false))
                    : tracker.run(RunSpec.named("train"), run -> train(run, session, true));
        } catch (IOException e) {
            throw new StorageException(
                    "cannot stage the run's files in a local temporary folder: check the local disk"
                            + " (java.io.tmpdir)",
                    e);
        }
        return result.withMembershipVersion(recordMembership(store, lineage, result));
    }

    /**
     * The recordings {@code training_membership} will list for this run are those of its index,
     * each in the same split: both come from the same feature rows and splits, by two queries.
     *
     * @throws TrainStageException when they differ, before any run opens
     */
    private static void checkMembership(DeltaStore store, TrainingLineage lineage, TrainingIndex index) {
        Map<String, String> derived = TrainingMembership.splitOf(store, lineage);
        Map<String, String> indexed = index.splitOf();
        if (!derived.equals(indexed)) {
            long differing = indexed.entrySet().stream()
                            .filter(e -> !e.getValue().equals(derived.get(e.getKey())))
                            .count()
                    + derived.keySet().stream()
                            .filter(id -> !indexed.containsKey(id))
                            .count();
            throw new TrainStageException("the training membership derived from features version "
                    + lineage.featuresVersion() + " and splits version " + lineage.splitsVersion() + " ("
                    + derived.size() + " recordings) differs from the training index (" + indexed.size()
                    + " recordings) in " + differing + " recordings: the tables changed under the run, or a"
                    + " recording's feature rows name several subjects; nothing was trained");
        }
    }

    /**
     * Adds the registered version's training and validation recordings to {@code
     * training_membership}, once its MLflow run has ended.
     *
     * @return the table's version after the write
     * @throws TrainStageException when the rows cannot be written, naming the command that writes
     *     them later (the version is registered and stays so)
     */
    private long recordMembership(DeltaStore store, TrainingLineage lineage, TrainResult result) {
        try {
            long added = TrainingMembership.record(
                    store,
                    lineage,
                    result.model(),
                    result.modelVersion(),
                    result.runId(),
                    TrainingMembershipTable.BY_TRAIN,
                    Timestamp.from(Instant.now()));
            long version = store.version(TrainingMembershipTable.NAME);
            LOG.info("train: " + added + " rows of " + result.model() + " version " + result.modelVersion()
                    + " added to " + TrainingMembershipTable.NAME + " (table version " + version + ")");
            return version;
        } catch (RuntimeException e) {
            throw new TrainStageException(
                    result.model() + " version " + result.modelVersion() + " is registered, but its rows of "
                            + TrainingMembershipTable.NAME + " could not be written (" + e.getMessage() + "): run"
                            + " lineage --model-version " + result.modelVersion() + ", which writes them",
                    e);
        }
    }

    private FeatureWindows.Mode chooseMode(TrainingIndex index, TrainingInputs inputs) {
        long bytes = FeatureWindows.estimatedBytes(index.totalRows(), inputs.shape());
        FeatureWindows.Mode mode = FeatureWindows.choose(bytes, config.memoryBudgetBytes());
        LOG.info(String.format(
                Locale.ROOT,
                "train: %d feature rows of %d training and %d validation recordings, about %.1f MiB of MFCCs;"
                        + " memory budget %d MiB: windows %s",
                index.totalRows(),
                index.train().size(),
                index.validation().size(),
                bytes / 1048576.0,
                config.memoryBudgetMb(),
                mode == FeatureWindows.Mode.IN_MEMORY ? "held in memory" : "streamed from Spark per minibatch"));
        if (mode == FeatureWindows.Mode.SPARK_STREAMED && config.placement() == TrainConfig.Placement.EXECUTOR) {
            throw new ConfigException(String.format(
                    Locale.ROOT,
                    "the %.1f MiB of windows exceed spira.train.memory-budget-mb = %d, and a training task on an"
                            + " executor holds them all: raise the budget (and spark.executor.memory), or set"
                            + " spira.train.placement = driver to stream them from Spark",
                    bytes / 1048576.0,
                    config.memoryBudgetMb()));
        }
        return mode;
    }

    private TrainResult train(TrackedRun run, Session session, boolean fresh) throws IOException {
        long numParams = SpiraConvNet.trainableParameters(SpiraConvNet.network(session.spec()));
        if (fresh) {
            record(run, session, numParams);
        }
        TrainingTask task = new TrainingTask(
                session.spec(),
                trainerConfig(session.inputs()),
                session.index().train(),
                session.index().validation(),
                fresh,
                listener,
                NVIDIA_SMI);
        TaskOutcome outcome = trainWherePlaced(run, session, task);
        uploadBest(run, session);
        ModelVersion version = register(run, session.lineage());
        LOG.info("train: run " + run.id() + " registered as " + version.model() + " version " + version.version());
        return new TrainResult(
                run.id(),
                !fresh,
                version.model(),
                version.version(),
                outcome.epochs(),
                outcome.bestEpoch(),
                outcome.bestLoss(),
                numParams,
                session.mode(),
                config.placement(),
                outcome.devices().where(),
                outcome.devices().gpus(),
                session.lineage(),
                session.index().recordings(),
                TrainResult.MEMBERSHIP_NOT_WRITTEN);
    }

    /** Trains {@code task} where {@code spira.train.placement} says. */
    private TaskOutcome trainWherePlaced(TrackedRun run, Session session, TrainingTask task) {
        return switch (config.placement()) {
            case EXECUTOR -> ExecutorTraining.run(
                    spark,
                    session.windows(),
                    task,
                    RunAddress.of(tracker, tracking, run),
                    config.cores(),
                    config.gpus());
            case DRIVER -> task.train(
                    run, FeatureWindows.source(session.mode(), session.windows()), TaskDevices.driver(config.cores()));
        };
    }

    /** The best checkpoint as the run's model files, with the specs and the configuration. */
    private void uploadBest(TrackedRun run, Session session) throws IOException {
        Path staging = Files.createTempDirectory("spira-train-");
        try {
            Checkpoint best = new RunCheckpointStore(run, staging.resolve("checkpoints"))
                    .best()
                    .orElseThrow(() -> new TrainStageException("run " + run.id()
                            + " finished without a best checkpoint: no epoch had a finite validation loss"));
            ModelArtifacts.upload(
                    run, staging, best, session.spec(), session.inputs().featureSpec(), resolvedConfig);
        } finally {
            FileUtils.deleteQuietly(staging.toFile());
        }
    }

    /**
     * Params (spira.train, and spira.features as the spec of the features trained on), lineage
     * tags, dataset inputs and row counts: what a new run records before training.
     */
    private void record(TrackedRun run, Session session, long numParams) {
        Map<String, Object> params = new LinkedHashMap<>(config.params());
        params.putAll(FeaturesConfig.params(session.inputs().featureSpec()));
        params.put("model.num_params", numParams);
        params.put("train.window_source", session.mode().name().toLowerCase(Locale.ROOT));
        run.logParams(params);
        run.setTags(session.lineage().tags());
        run.setTags(config.labelTags());
        run.logInputs(session.lineage().datasetInputs(session.store(), "training"));
        Map<String, Double> counts = new LinkedHashMap<>();
        session.index().rows().forEach((key, n) -> counts.put("rows." + key, n.doubleValue()));
        session.index().recordings().forEach((key, n) -> counts.put("recordings." + key, n.doubleValue()));
        run.logMetrics(counts, 0);
    }

    private ModelVersion register(TrackedRun run, TrainingLineage lineage) {
        Map<String, String> tags = new LinkedHashMap<>(lineage.tags());
        tags.put(TrainingLineage.TRAIN_RUN_ID, run.id());
        return tracker.registry().register(run, ModelArtifacts.MODEL_DIR, tags);
    }

    ModelSpec modelSpec(TrainingInputs inputs) {
        OptimizerSpec adam = OptimizerSpec.paper();
        OptimizerSpec optimizer = new OptimizerSpec(
                config.learningRate(),
                adam.beta1(),
                adam.beta2(),
                adam.epsilon(),
                config.weightDecay(),
                config.warmupSteps());
        return new ModelSpec(
                Architecture.valueOf(config.architecture().toUpperCase(Locale.ROOT)),
                inputs.shape().frames(),
                inputs.shape().coefficients(),
                config.dropout(),
                config.seed(),
                optimizer);
    }

    TrainerConfig trainerConfig(TrainingInputs inputs) {
        return new TrainerConfig(
                config.seed(),
                config.epochs(),
                config.recordingsPerBatch(),
                config.workers(),
                config.averagingFrequency(),
                config.prefetchBuffer(),
                inputs.shape(),
                config.patience());
    }

    /** What one run trains on, pinned before the run opens. */
    private record Session(
            DeltaStore store,
            TrainingInputs inputs,
            TrainingIndex index,
            FeatureWindows.Mode mode,
            Dataset<Row> windows,
            TrainingLineage lineage,
            ModelSpec spec) {}
}
