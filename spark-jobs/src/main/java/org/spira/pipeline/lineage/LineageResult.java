package org.spira.pipeline.lineage;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spira.pipeline.StageResult;
import org.spira.pipeline.TableVersions;
import org.spira.pipeline.registry.TrainingLineage;
import org.spira.pipeline.tables.TrainingMembershipTable;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.RunRecord;

/**
 * The chain behind one model version.
 *
 * @param version the registered model version
 * @param run its training run
 * @param lineage the table versions and build recorded by the run
 * @param ingestRuns the ingest runs the learned recordings came from, oldest first
 * @param recordings learned recordings per {@code split.class} (train and validation)
 * @param audioList URI of the CSV listing every learned audio object
 * @param scoredRecordings recordings of the warehouse the version has scored (its rows of {@code
 *     predictions})
 * @param membershipAdded rows this run added to {@code training_membership}: the version's
 *     recordings when it had none there (registered before the table existed, or its train run
 *     stopped before writing them), else 0
 * @param membershipVersion the version of {@code training_membership} after the run
 */
@JsonPropertyOrder({
    "model",
    "model_version",
    "train_run_id",
    "train_run_status",
    "git_commit",
    "feature_version",
    "noise_corpus",
    "tables",
    "ingest_runs",
    "recordings",
    "audio_objects",
    "audio_list",
    "scored_recordings",
    "membership_added"
})
public record LineageResult(
        ModelVersion version,
        RunRecord run,
        TrainingLineage lineage,
        List<IngestRunSummary> ingestRuns,
        @JsonProperty("recordings") Map<String, Long> recordings,
        @JsonProperty("audio_list") String audioList,
        @JsonProperty("scored_recordings") long scoredRecordings,
        @JsonProperty("membership_added") long membershipAdded,
        long membershipVersion)
        implements StageResult {
    public LineageResult {
        ingestRuns = List.copyOf(ingestRuns);
        recordings = Map.copyOf(recordings);
    }

    /** Audio objects learned from: every recording of the training and validation splits. */
    @JsonProperty("audio_objects")
    public long audioObjects() {
        return recordings.values().stream().mapToLong(Long::longValue).sum();
    }

    @JsonProperty("model")
    public String model() {
        return version.model();
    }

    @JsonProperty("model_version")
    public long modelVersion() {
        return version.version();
    }

    @JsonProperty("train_run_id")
    public String trainRunId() {
        return run.id();
    }

    @JsonProperty("train_run_status")
    public String trainRunStatus() {
        return run.status();
    }

    @JsonProperty("git_commit")
    public String gitCommit() {
        return lineage.gitCommit();
    }

    /** The feature version (FeatureSpec hash) the model learned from. */
    @JsonProperty("feature_version")
    public String featureVersion() {
        return lineage.featureSpecHash();
    }

    /** The noise corpus's content hash, or {@value TrainingLineage#NO_NOISE}. */
    @JsonProperty("noise_corpus")
    public String noiseCorpus() {
        return lineage.noiseCorpusHash();
    }

    @Override
    public TableVersions tableVersions() {
        return new TableVersions(tables(), Map.of(TrainingMembershipTable.NAME, membershipVersion));
    }

    /** The versions of the tables the model learned from, by table name. */
    @JsonProperty("tables")
    public Map<String, Long> tables() {
        return lineage.tableVersions();
    }

    /** The ingest runs, oldest first, by run id. */
    @JsonProperty("ingest_runs")
    public Map<String, IngestRunSummary> ingestRunsById() {
        Map<String, IngestRunSummary> byId = new LinkedHashMap<>();
        ingestRuns.forEach(ingest -> byId.put(ingest.ingestRunId(), ingest));
        return byId;
    }
}
