package org.spira.pipeline.score;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.spira.pipeline.StageResult;
import org.spira.pipeline.TableVersions;
import org.spira.pipeline.tables.PredictionsTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RejectedTable;

/**
 * What one score run did. Every recording of the recordings version read is accounted for:
 * considered = scored + rejected + already scored.
 *
 * @param runId the MLflow run of the scoring, also the predictions' {@code score_run_id}
 * @param model registered model name
 * @param modelVersion the version that scored
 * @param featureVersion the model's feature version, which the audio was featurized with
 * @param threshold the version's decision threshold
 * @param considered recordings of the recordings version read
 * @param scored recordings this run added to {@code predictions}
 * @param rejected recordings this run could not score (a reject already in {@code rejected} is not
 *     written again)
 * @param alreadyScored recordings the version had scored before
 * @param predicted this run's predictions per predicted class ({@code control}, {@code patient})
 * @param rejectedByReason this run's rejects per reason code
 * @param recordingsVersion the recordings version read
 * @param predictionsVersion the predictions version after the run (unchanged when it added nothing)
 * @param rejectedVersion the rejected version after the run
 */
@JsonPropertyOrder({
    "run_id",
    "model",
    "model_version",
    "feature_version",
    "threshold",
    "considered",
    "scored",
    "rejected",
    "already_scored",
    "predicted",
    "rejected_by_reason",
    "tables"
})
public record ScoreResult(
        @JsonProperty("run_id") String runId,
        @JsonProperty("model") String model,
        @JsonProperty("model_version") long modelVersion,
        @JsonProperty("feature_version") String featureVersion,
        @JsonProperty("threshold") double threshold,
        @JsonProperty("considered") long considered,
        @JsonProperty("scored") long scored,
        @JsonProperty("rejected") long rejected,
        @JsonProperty("already_scored") long alreadyScored,
        Map<String, Long> predicted,
        Map<String, Long> rejectedByReason,
        long recordingsVersion,
        long predictionsVersion,
        long rejectedVersion)
        implements StageResult {
    public ScoreResult {
        if (considered != scored + rejected + alreadyScored) {
            throw new IllegalStateException("score accounting does not add up: " + considered + " considered but "
                    + scored + " scored + " + rejected + " rejected + " + alreadyScored + " already scored");
        }
        predicted = Map.copyOf(predicted);
        rejectedByReason = Map.copyOf(rejectedByReason);
    }

    /** This run's predictions per predicted class, both classes always present. */
    @JsonProperty("predicted")
    public Map<String, Long> predictedByClass() {
        Map<String, Long> byClass = new LinkedHashMap<>();
        byClass.put("control", predicted.getOrDefault("control", 0L));
        byClass.put("patient", predicted.getOrDefault("patient", 0L));
        return byClass;
    }

    /** This run's rejects per reason code, in code order. */
    @JsonProperty("rejected_by_reason")
    public Map<String, Long> rejectsByReason() {
        return new TreeMap<>(rejectedByReason);
    }

    @Override
    public TableVersions tableVersions() {
        return new TableVersions(
                Map.of(RecordingsTable.NAME, recordingsVersion),
                Map.of(PredictionsTable.NAME, predictionsVersion, RejectedTable.NAME, rejectedVersion));
    }

    @Override
    public Optional<String> mlflowRunId() {
        return Optional.of(runId);
    }

    /** The versions of the tables read and written, by table name. */
    @JsonProperty("tables")
    public Map<String, Long> tables() {
        Map<String, Long> versions = new LinkedHashMap<>();
        versions.put(RecordingsTable.NAME, recordingsVersion);
        versions.put(PredictionsTable.NAME, predictionsVersion);
        versions.put(RejectedTable.NAME, rejectedVersion);
        return versions;
    }
}
