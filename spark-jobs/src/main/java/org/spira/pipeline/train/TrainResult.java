package org.spira.pipeline.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.spira.pipeline.StageResult;
import org.spira.pipeline.TableVersions;
import org.spira.pipeline.config.TrainConfig;
import org.spira.pipeline.registry.TrainingLineage;
import org.spira.pipeline.tables.TrainingMembershipTable;

/**
 * What a training run produced.
 *
 * @param runId the MLflow run
 * @param resumed whether the run continued an earlier one from its latest checkpoint
 * @param model the registered model
 * @param modelVersion the registered model version of its best checkpoint
 * @param epochs epochs completed in all (a resumed run counts the earlier ones)
 * @param bestEpoch the epoch of the lowest validation loss, from 0
 * @param bestValidationLoss that loss, nats per window
 * @param numParams trainable parameters of the network
 * @param windowSource how the windows reached the trainer
 * @param placement where the training was placed ({@code spira.train.placement})
 * @param trainedOn where the network trained: {@code "executor <id> on <host>"} or {@code "driver"}
 * @param gpus the GPU addresses Spark assigned to the training task (none without GPUs)
 * @param lineage the table versions and build recorded as the run's tags
 * @param recordings training and validation recordings per {@code split.class}
 * @param membershipVersion the version of {@code training_membership} after the run added the
 *     version's rows, or {@link #MEMBERSHIP_NOT_WRITTEN} before it has
 */
@JsonPropertyOrder({
    "run_id",
    "resumed",
    "model",
    "model_version",
    "epochs",
    "best_epoch",
    "best_val_loss",
    "num_params",
    "window_source",
    "placement",
    "trained_on",
    "gpu_addresses",
    "feature_version",
    "recordings",
    "tables"
})
public record TrainResult(
        @JsonProperty("run_id") String runId,
        @JsonProperty("resumed") boolean resumed,
        @JsonProperty("model") String model,
        @JsonProperty("model_version") long modelVersion,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("best_epoch") int bestEpoch,
        @JsonProperty("best_val_loss") double bestValidationLoss,
        @JsonProperty("num_params") long numParams,
        FeatureWindows.Mode windowSource,
        TrainConfig.Placement placement,
        @JsonProperty("trained_on") String trainedOn,
        List<String> gpus,
        TrainingLineage lineage,
        @JsonProperty("recordings") Map<String, Long> recordings,
        long membershipVersion)
        implements StageResult {
    /** {@link #membershipVersion} of a result whose rows of {@code training_membership} are not written yet. */
    public static final long MEMBERSHIP_NOT_WRITTEN = -1;

    public TrainResult {
        gpus = List.copyOf(gpus);
        recordings = Map.copyOf(recordings);
    }

    /** This result once the version's rows are in {@code training_membership}, at table version {@code version}. */
    public TrainResult withMembershipVersion(long version) {
        return new TrainResult(
                runId,
                resumed,
                model,
                modelVersion,
                epochs,
                bestEpoch,
                bestValidationLoss,
                numParams,
                windowSource,
                placement,
                trainedOn,
                gpus,
                lineage,
                recordings,
                version);
    }

    /** {@code in_memory} or {@code spark_streamed}. */
    @JsonProperty("window_source")
    public String windowSourceName() {
        return windowSource.name().toLowerCase(Locale.ROOT);
    }

    /** {@code executor} or {@code driver}. */
    @JsonProperty("placement")
    public String placementName() {
        return placement.name().toLowerCase(Locale.ROOT);
    }

    /** The GPU addresses, comma-separated; empty without GPUs. */
    @JsonProperty("gpu_addresses")
    public String gpuAddresses() {
        return String.join(",", gpus);
    }

    /** The feature version (FeatureSpec hash) trained on. */
    @JsonProperty("feature_version")
    public String featureVersion() {
        return lineage.featureSpecHash();
    }

    /** The versions of the tables trained on, by table name. */
    @JsonProperty("tables")
    public Map<String, Long> tables() {
        return lineage.tableVersions();
    }

    @Override
    public TableVersions tableVersions() {
        return new TableVersions(
                tables(),
                membershipVersion == MEMBERSHIP_NOT_WRITTEN
                        ? Map.of()
                        : Map.of(TrainingMembershipTable.NAME, membershipVersion));
    }

    @Override
    public Optional<String> mlflowRunId() {
        return Optional.of(runId);
    }
}
