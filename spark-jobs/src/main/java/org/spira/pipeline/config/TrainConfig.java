package org.spira.pipeline.config;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the train stage ({@code spira.train}): which table versions to read, the network,
 * the optimizer (SPIRA.md section 6) and where and how the trainer runs.
 *
 * @param featuresVersion Delta version of {@code features}, or -1 for the latest
 * @param featureVersion the FeatureSpec hash to train on; empty = the only one in the table
 * @param splitsVersion Delta version of {@code splits}, or -1 for the latest
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
 * }
 *
 * @param memoryBudgetMb largest feature set (MiB of float32 MFCC values) held on the driver
 * @param patience epochs without a lower validation loss after which training stops, >= 0 (0 = off)
 * @param label what the patient class (label 1) of the training data stands for, tagged on the run
 * @param labelReason why the run trains on that label, tagged on the run (may be empty)
 */
public record TrainConfig(
        long featuresVersion,
        Optional<String> featureVersion,
        long splitsVersion,
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
    private static final String PREFIX = "spira.train.";

    /** Where the network trains. */
    public enum Placement {
        /** In one task of a barrier stage on an executor, with the cores and GPUs it asks for. */
        EXECUTOR,
        /** In the driver's JVM, with {@code cores} workers (GPUs cannot be asked for there). */
        DRIVER
    }

    public TrainConfig {
        require(featuresVersion >= -1, "features-version", featuresVersion, "-1 (latest) or a table version");
        require(splitsVersion >= -1, "splits-version", splitsVersion, "-1 (latest) or a table version");
        featureVersion.ifPresent(
                v -> require(v.matches("[0-9a-f]{64}"), "feature-version", v, "\"\" or a 64-digit FeatureSpec hash"));
        require(architecture.equals("v1") || architecture.equals("v2"), "architecture", architecture, "v2 or v1");
        require(dropout >= 0 && dropout < 1, "dropout", dropout, "a drop probability in [0, 1) (the paper: 0.7)");
        require(epochs >= 1, "epochs", epochs, "an integer >= 1 (the paper: 1000)");
        require(recordingsPerBatch >= 1, "recordings-per-batch", recordingsPerBatch, "an integer >= 1 (SPIRA: 5)");
        require(
                learningRate > 0 && Double.isFinite(learningRate),
                "learning-rate",
                learningRate,
                "a number > 0 (the paper: 1e-3)");
        require(warmupSteps >= 1, "warmup-steps", warmupSteps, "an integer >= 1 (the paper: 1000)");
        require(
                weightDecay >= 0 && Double.isFinite(weightDecay),
                "weight-decay",
                weightDecay,
                "a number >= 0 (the paper: 0.01)");
        require(cores >= 1, "cores", cores, "an integer >= 1, at most the cores of one executor");
        require(gpus >= 0, "gpus", gpus, "an integer >= 0, at most the GPUs of one executor (0 = CPU only)");
        require(
                gpus == 0 || placement == Placement.EXECUTOR,
                "gpus",
                gpus,
                "0 with spira.train.placement = driver (Spark assigns GPUs to tasks only): place training on"
                        + " an executor");
        require(averagingFrequency >= 1, "averaging-frequency", averagingFrequency, "an integer >= 1");
        require(prefetchBuffer >= 0, "prefetch-buffer", prefetchBuffer, "an integer >= 0");
        require(memoryBudgetMb >= 0, "memory-budget-mb", memoryBudgetMb, "MiB >= 0 (0 = always stream)");
        require(patience >= 0, "patience", patience, "an integer >= 0 (0 = train every epoch)");
        require(!label.isBlank(), "label", label, "what label 1 stands for, e.g. \"respiratory insufficiency\"");
    }

    static TrainConfig from(Config c) {
        String feature = c.getString("feature-version").strip();
        return new TrainConfig(
                c.getLong("features-version"),
                feature.isEmpty() ? Optional.empty() : Optional.of(feature),
                c.getLong("splits-version"),
                c.getString("architecture").strip().toLowerCase(Locale.ROOT),
                c.getDouble("dropout"),
                c.getInt("epochs"),
                c.getInt("recordings-per-batch"),
                c.getLong("seed"),
                c.getDouble("learning-rate"),
                c.getInt("warmup-steps"),
                c.getDouble("weight-decay"),
                placement(c.getString("placement")),
                c.getInt("cores"),
                c.getInt("gpus"),
                c.getInt("averaging-frequency"),
                c.getInt("prefetch-buffer"),
                c.getLong("memory-budget-mb"),
                c.getInt("patience"),
                c.getString("label").strip(),
                c.getString("label-reason").strip());
    }

    /** Every key of {@code spira.train} with its resolved value, keyed by its full name. */
    public Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put(PREFIX + "features-version", featuresVersion);
        params.put(PREFIX + "feature-version", featureVersion.orElse(""));
        params.put(PREFIX + "splits-version", splitsVersion);
        params.put(PREFIX + "architecture", architecture);
        params.put(PREFIX + "dropout", dropout);
        params.put(PREFIX + "epochs", epochs);
        params.put(PREFIX + "recordings-per-batch", recordingsPerBatch);
        params.put(PREFIX + "seed", seed);
        params.put(PREFIX + "learning-rate", learningRate);
        params.put(PREFIX + "warmup-steps", warmupSteps);
        params.put(PREFIX + "weight-decay", weightDecay);
        params.put(PREFIX + "placement", placement.name().toLowerCase(Locale.ROOT));
        params.put(PREFIX + "cores", cores);
        params.put(PREFIX + "gpus", gpus);
        params.put(PREFIX + "averaging-frequency", averagingFrequency);
        params.put(PREFIX + "prefetch-buffer", prefetchBuffer);
        params.put(PREFIX + "memory-budget-mb", memoryBudgetMb);
        params.put(PREFIX + "patience", patience);
        params.put(PREFIX + "label", label);
        params.put(PREFIX + "label-reason", labelReason);
        return params;
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

    private static Placement placement(String value) {
        String name = value.strip().toUpperCase(Locale.ROOT);
        for (Placement placement : Placement.values()) {
            if (placement.name().equals(name)) {
                return placement;
            }
        }
        throw PipelineConfig.invalid(PREFIX + "placement", '"' + value + '"', "executor (the default) or driver");
    }

    private static void require(boolean valid, String key, Object value, String expected) {
        if (!valid) {
            throw PipelineConfig.invalid(PREFIX + key, value, expected);
        }
    }
}
