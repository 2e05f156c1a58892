package org.spira.pipeline.config;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.spira.pipeline.config.Setting.Type;

/**
 * Settings of the train stage ({@code spira.train}): which table versions and feature version to
 * read, the network, the optimizer (SPIRA.md section 6) and where and how the trainer runs. What
 * each value means and which values are valid: the declarations below.
 *
 * @param featuresTableVersion Delta table version of {@code features}, or -1 for the latest
 * @param featureVersion the FeatureSpec hash to train on; empty = the only one in the table
 * @param splitsTableVersion Delta table version of {@code splits}, or -1 for the latest
 * @param architecture {@code v2} or {@code v1}
 * @param dropout PyTorch's drop probability, in [0, 1)
 * @param epochs epochs in total, >= 1
 * @param recordingsPerBatch recordings per minibatch, >= 1
 * @param seed seed of the initialisation, epoch plans and dropout masks
 * @param learningRate peak learning rate of the Noam schedule, > 0
 * @param warmupSteps Noam warmup in minibatches, >= 1
 * @param weightDecay coupled L2 coefficient, >= 0
 * @param placement where the network trains: in one Spark task on an executor, or on the driver
 * @param cores CPU cores the training task asks for, >= 1; without GPUs, ParallelWrapper trains
 *     that many workers, one core each
 * @param gpus GPUs the training task asks for, >= 0; with GPUs, one ParallelWrapper worker per
 *     assigned GPU, sharing the cores
 * @param averagingFrequency rounds between parameter averaging, >= 1
 * @param prefetchBuffer minibatches assembled ahead, >= 0
 * @param memoryBudgetMb largest feature set (MiB of float32 MFCC values) held in the trainer's memory
 *     (the training task's executor, or the driver)
 * @param patience epochs without a lower validation loss after which training stops, >= 0 (0 = off)
 * @param label what the patient class (label 1) of the training data stands for, tagged on the run
 * @param labelReason why the run trains on that label, tagged on the run (may be empty)
 */
public record TrainConfig(
        long featuresTableVersion,
        Optional<String> featureVersion,
        long splitsTableVersion,
        String architecture,
        double dropout,
        int epochs,
        int recordingsPerBatch,
        long seed,
        double learningRate,
        int warmupSteps,
        double weightDecay,
        Placement placement,
        int cores,
        int gpus,
        int averagingFrequency,
        int prefetchBuffer,
        long memoryBudgetMb,
        int patience,
        String label,
        String labelReason) {

    /** Where the network trains. */
    public enum Placement {
        /** In one task of a barrier stage on an executor, with the cores and GPUs it asks for. */
        EXECUTOR,
        /** In the driver's JVM, with {@code cores} workers (GPUs cannot be asked for there). */
        DRIVER
    }

    static final Setting<TrainConfig, Long> FEATURES_TABLE_VERSION = Setting.tableVersion(
                    "spira.train.features-table-version", TrainConfig::featuresTableVersion)
            .formerly("spira.train.features-version")
            .help("Delta table version of the features table to train on; -1 = the latest. Recorded as the"
                    + " run's spira.features.version tag and dataset input, so a later run can train on the same"
                    + " rows.");
    static final Setting<TrainConfig, Optional<String>> FEATURE_VERSION = Setting.of(
                    "spira.train.feature-version", Type.OPTIONAL_TEXT, Optional.empty(), TrainConfig::featureVersion)
            .rule(
                    version -> version.map(v -> v.matches("[0-9a-f]{64}")).orElse(true),
                    "\"\" or a 64-digit FeatureSpec hash")
            .help("Feature version (FeatureSpec hash, not a table version) to train on; \"\" = the only one in the"
                    + " table (train refuses to guess when the table holds several: set this key then).");
    static final Setting<TrainConfig, Long> SPLITS_TABLE_VERSION = Setting.tableVersion(
                    "spira.train.splits-table-version", TrainConfig::splitsTableVersion)
            .formerly("spira.train.splits-version")
            .help("Delta table version of the splits table to train on; -1 = the latest.");
    static final Setting<TrainConfig, String> ARCHITECTURE = Setting.of(
                    "spira.train.architecture",
                    Type.choice(List.of("v2", "v1"), name -> name),
                    "v2",
                    TrainConfig::architecture)
            .help("Network (SPIRA.md section 5): v2 (SpiraConvV2, the paper's model) or v1.");
    static final Setting<TrainConfig, Double> DROPOUT = Setting.of(
                    "spira.train.dropout", Type.DOUBLE, 0.7, TrainConfig::dropout)
            .rule(p -> p >= 0 && p < 1, "a drop probability in [0, 1) (the paper: 0.7)")
            .help("PyTorch's drop probability of every dropout layer.");
    static final Setting<TrainConfig, Integer> EPOCHS = Setting.of(
                    "spira.train.epochs", Type.INTEGER, 1000, TrainConfig::epochs)
            .rule(n -> n >= 1, "an integer >= 1 (the paper: 1000)")
            .help("Epochs in total (a resumed run continues up to this number); the paper trained 1000 and kept the"
                    + " checkpoint with the lowest validation loss.");
    static final Setting<TrainConfig, Integer> RECORDINGS_PER_BATCH = Setting.of(
                    "spira.train.recordings-per-batch", Type.INTEGER, 5, TrainConfig::recordingsPerBatch)
            .rule(n -> n >= 1, "an integer >= 1 (SPIRA: 5)")
            .help("Recordings per minibatch, each with all its windows (SPIRA.md section 6).");
    static final Setting<TrainConfig, Long> SEED = Setting.of("spira.train.seed", Type.LONG, 42L, TrainConfig::seed)
            .help("Seed of the weight initialisation, the epoch plans and the dropout masks (the paper: 42, 43, 46).");
    static final Setting<TrainConfig, Double> LEARNING_RATE = Setting.of(
                    "spira.train.learning-rate", Type.DOUBLE, 1e-3, TrainConfig::learningRate)
            .rule(rate -> rate > 0 && Double.isFinite(rate), "a number > 0 (the paper: 1e-3)")
            .help("Peak learning rate of Adam on a Noam schedule (SPIRA.md section 6).");
    static final Setting<TrainConfig, Integer> WARMUP_STEPS = Setting.of(
                    "spira.train.warmup-steps", Type.INTEGER, 1000, TrainConfig::warmupSteps)
            .rule(n -> n >= 1, "an integer >= 1 (the paper: 1000)")
            .help("Warmup of the Noam schedule, in minibatches.");
    static final Setting<TrainConfig, Double> WEIGHT_DECAY = Setting.of(
                    "spira.train.weight-decay", Type.DOUBLE, 0.01, TrainConfig::weightDecay)
            .rule(decay -> decay >= 0 && Double.isFinite(decay), "a number >= 0 (the paper: 0.01)")
            .help("Coupled L2 weight decay of Adam.");
    static final Setting<TrainConfig, Placement> PLACEMENT = Setting.of(
                    "spira.train.placement",
                    Type.choice(List.of(Placement.values()), p -> p.name().toLowerCase(Locale.ROOT)),
                    Placement.EXECUTOR,
                    TrainConfig::placement)
            .help("Where the network trains: executor = inside one task of a barrier stage on an executor, which"
                    + " Spark schedules with the cores and GPUs below (the driver only plans, tracks and"
                    + " registers); driver = in the driver's JVM (CPU only).");
    static final Setting<TrainConfig, Integer> CORES = Setting.of(
                    "spira.train.cores", Type.INTEGER, 1, TrainConfig::cores)
            .rule(n -> n >= 1, "an integer >= 1, at most the cores of one executor")
            .help("CPU cores the training task asks for. Without GPUs, ParallelWrapper trains that many model"
                    + " replicas (workers), one ND4J thread each.");
    static final Setting<TrainConfig, Integer> GPUS = Setting.of("spira.train.gpus", Type.INTEGER, 0, TrainConfig::gpus)
            .rule(n -> n >= 0, "an integer >= 0, at most the GPUs of one executor (0 = CPU only)")
            .help("GPUs the training task asks for (0 = CPU only; more needs placement = executor). With GPUs,"
                    + " ParallelWrapper trains one replica per assigned GPU and the cores are shared among them."
                    + " The cluster must offer GPUs (docs/gpu.md): e.g. spark.executor.resource.gpu.amount and a"
                    + " worker discovery script.");
    static final Setting<TrainConfig, Integer> AVERAGING_FREQUENCY = Setting.of(
                    "spira.train.averaging-frequency", Type.INTEGER, 1, TrainConfig::averagingFrequency)
            .rule(n -> n >= 1, "an integer >= 1")
            .help("Rounds between parameter averaging of the workers.");
    static final Setting<TrainConfig, Integer> PREFETCH_BUFFER = Setting.of(
                    "spira.train.prefetch-buffer", Type.INTEGER, 2, TrainConfig::prefetchBuffer)
            .rule(n -> n >= 0, "an integer >= 0")
            .help("Minibatches assembled ahead of the workers.");
    static final Setting<TrainConfig, Long> MEMORY_BUDGET_MB = Setting.of(
                    "spira.train.memory-budget-mb", Type.LONG, 2048L, TrainConfig::memoryBudgetMb)
            .rule(mb -> mb >= 0, "MiB >= 0 (0 = always stream)")
            .help("Features up to this size (rows x frames x coefficients x 4 bytes, MiB) are held in the memory"
                    + " of the trainer (the training task's executor, or the driver). Larger tables can only be"
                    + " trained with placement = driver, which streams them from Spark one minibatch at a time.");
    static final Setting<TrainConfig, Integer> PATIENCE = Setting.of(
                    "spira.train.patience", Type.INTEGER, 0, TrainConfig::patience)
            .rule(n -> n >= 0, "an integer >= 0 (0 = train every epoch)")
            .help("Early stopping: training ends after this many epochs in a row without a lower validation loss"
                    + " (the best checkpoint is kept either way; a resumed run that stopped stays stopped). 0 ="
                    + " off: every epoch is trained, as in the paper.");
    static final Setting<TrainConfig, String> LABEL = Setting.of(
                    "spira.train.label",
                    Type.TEXT,
                    "respiratory insufficiency (SPIRA: patient vs control)",
                    TrainConfig::label)
            .rule(label -> !label.isEmpty(), "what label 1 stands for, e.g. \"respiratory insufficiency\"")
            .help("What the patient class (label 1, spira.ingest.labels.patient) stands for: tagged on the run as"
                    + " spira.label.");
    static final Setting<TrainConfig, String> LABEL_REASON = Setting.of(
                    "spira.train.label-reason", Type.TEXT, "", TrainConfig::labelReason)
            .help("Why the run trains on this label: tagged on the run as spira.label.reason (\"\" = no reason"
                    + " tag).");

    static final Settings<TrainConfig> SETTINGS = new Settings<>(
            "spira.train",
            "The train stage: the table versions and feature version it reads, the network, the optimizer"
                    + " (SPIRA.md section 6) and where and how the trainer runs. The defaults are the paper's"
                    + " settings.",
            List.of(
                    FEATURES_TABLE_VERSION,
                    FEATURE_VERSION,
                    SPLITS_TABLE_VERSION,
                    ARCHITECTURE,
                    DROPOUT,
                    EPOCHS,
                    RECORDINGS_PER_BATCH,
                    SEED,
                    LEARNING_RATE,
                    WARMUP_STEPS,
                    WEIGHT_DECAY,
                    PLACEMENT,
                    CORES,
                    GPUS,
                    AVERAGING_FREQUENCY,
                    PREFETCH_BUFFER,
                    MEMORY_BUDGET_MB,
                    PATIENCE,
                    LABEL,
                    LABEL_REASON));

    public TrainConfig {
        if (gpus > 0 && placement == Placement.DRIVER) {
            throw ConfigException.invalid(
                    GPUS.key(),
                    gpus,
                    "0 with spira.train.placement = driver (Spark assigns GPUs to tasks only): place training on"
                            + " an executor");
        }
    }

    static TrainConfig from(Config c) {
        return new TrainConfig(
                FEATURES_TABLE_VERSION.read(c),
                FEATURE_VERSION.read(c),
                SPLITS_TABLE_VERSION.read(c),
                ARCHITECTURE.read(c),
                DROPOUT.read(c),
                EPOCHS.read(c),
                RECORDINGS_PER_BATCH.read(c),
                SEED.read(c),
                LEARNING_RATE.read(c),
                WARMUP_STEPS.read(c),
                WEIGHT_DECAY.read(c),
                PLACEMENT.read(c),
                CORES.read(c),
                GPUS.read(c),
                AVERAGING_FREQUENCY.read(c),
                PREFETCH_BUFFER.read(c),
                MEMORY_BUDGET_MB.read(c),
                PATIENCE.read(c),
                LABEL.read(c),
                LABEL_REASON.read(c));
    }

    /** Every key of {@code spira.train} with its resolved value, keyed by its full name. */
    public Map<String, Object> params() {
        return SETTINGS.params(this);
    }

    /** ParallelWrapper workers: one per GPU asked for, else one per core. */
    public int workers() {
        return gpus > 0 ? gpus : cores;
    }

    /** The run's label tags: {@code spira.label} and, when a reason is set, {@code spira.label.reason}. */
    public Map<String, String> labelTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("spira.label", label);
        if (!labelReason.isEmpty()) {
            tags.put("spira.label.reason", labelReason);
        }
        return tags;
    }

    /** The memory budget in bytes. */
    public long memoryBudgetBytes() {
        return memoryBudgetMb * 1024 * 1024;
    }
}
