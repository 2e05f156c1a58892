package org.spira.pipeline.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
import org.spira.model.train.Trainer;
import org.spira.model.train.TrainerConfig;
import org.spira.model.train.TrainingObserver;
import org.spira.model.train.WindowSource;
import org.spira.pipeline.BuildInfo;
import org.spira.pipeline.config.TrainConfig;
import org.spira.pipeline.lineage.TrainingLineage;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.RunSpec;
import org.spira.pipeline.tracking.TrackedRun;
import org.spira.pipeline.tracking.Tracker;

/**
 * {@code train}: SpiraConvNet on the feature rows of one feature version at a pinned table
 * version, split by the pinned splits, tracked as one MLflow run (params, lineage tags, dataset
 * inputs, per-epoch metrics, a checkpoint per epoch in its artifacts) whose best checkpoint
 * becomes a new registered model version. The network trains on the driver; Spark reads the
 * tables, builds the index and, past the memory budget, streams the minibatches.
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

    private final SparkSession spark;
    private final Tracker tracker;
    private final TrainConfig config;
    private final String resolvedConfig;
    private final TrainingObserver extraObserver;

    /**
     * @param resolvedConfig the run's whole configuration as HOCON, kept as an artifact
     * @param extraObserver told about every epoch after the run's metrics are logged
     */
    public TrainJob(
            SparkSession spark,
            Tracker tracker,
            TrainConfig config,
            String resolvedConfig,
            TrainingObserver extraObserver) {
        this.spark = spark;
        this.tracker = tracker;
        this.config = config;
        this.resolvedConfig = resolvedConfig;
        this.extraObserver = extraObserver;
    }

    /** Trains in a new run, or continues run {@code resumeRunId} from its latest checkpoint. */
    public TrainResult run(String warehouse, Optional<String> resumeRunId) {
        DeltaStore store = new DeltaStore(spark, warehouse);
        Optional<TrainingLineage> recorded = resumeRunId.map(id -> TrainingLineage.read(tracker.runRecord(id)::tag));
        TrainingInputs inputs = TrainingInputs.pin(store, config, recorded);
        Dataset<Row> features = inputs.features(store);
        TrainingIndex index = TrainingIndex.of(features, inputs.splits(store));
        FeatureWindows.Mode mode = chooseMode(index, inputs);
        WindowSource source = FeatureWindows.source(mode, features, index.recordingIds());
        BuildInfo build = BuildInfo.current();
        TrainingLineage lineage = inputs.lineage(
                build.gitCommit(), build.appVersion(), spark.sparkContext().applicationId());
        Session session = new Session(store, inputs, index, mode, source, lineage, modelSpec(inputs));
        try {
            return resumeRunId.isPresent()
                    ? tracker.resume(resumeRunId.get(), run -> train(run, session, false))
                    : tracker.run(RunSpec.named("train"), run -> train(run, session, true));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the run's files in a local temporary folder", e);
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
        return mode;
    }

    private TrainResult train(TrackedRun run, Session session, boolean fresh) throws IOException {
        Path staging = Files.createTempDirectory("spira-train-");
        try {
            long numParams = SpiraConvNet.trainableParameters(SpiraConvNet.network(session.spec()));
            if (fresh) {
                record(run, session, numParams);
            }
            RunCheckpointStore checkpoints = new RunCheckpointStore(run, staging.resolve("checkpoints"));
            Checkpoint last = new Trainer(trainerConfig(session.inputs()), session.source(), checkpoints, observer(run))
                    .train(
                            () -> SpiraConvNet.network(session.spec()),
                            session.index().train(),
                            session.index().validation());
            Checkpoint best = checkpoints
                    .best()
                    .orElseThrow(() -> new TrainStageException("run " + run.id()
                            + " finished without a best checkpoint: no epoch had a finite validation loss"));
            ModelArtifacts.upload(
                    run, staging, best, session.spec(), session.inputs().featureSpecJson(), resolvedConfig);
            ModelVersion version = register(run, session.lineage());
            LOG.info("train: run " + run.id() + " registered as " + version.model() + " version " + version.version());
            return new TrainResult(
                    run.id(),
                    version.version(),
                    last.state().epoch() + 1,
                    last.state().bestEpoch(),
                    last.state().bestLoss(),
                    numParams,
                    session.mode(),
                    session.lineage(),
                    session.index().recordings());
        } finally {
            FileUtils.deleteQuietly(staging.toFile());
        }
    }

    /** Params, lineage tags, dataset inputs and row counts: what a new run records before training. */
    private void record(TrackedRun run, Session session, long numParams) {
        Map<String, Object> params = new LinkedHashMap<>(config.params());
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

    private TrainingObserver observer(TrackedRun run) {
        RunMetricsObserver metrics = new RunMetricsObserver(run);
        return report -> {
            metrics.onEpoch(report);
            extraObserver.onEpoch(report);
        };
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
            WindowSource source,
            TrainingLineage lineage,
            ModelSpec spec) {}
}
