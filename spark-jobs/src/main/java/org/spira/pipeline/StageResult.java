package org.spira.pipeline;

import java.util.Optional;

/**
 * What one run of a stage did: the fields of the one-line JSON summary the stage prints last on
 * stdout. A result's members annotated {@code @JsonProperty} are its summary fields, in the order
 * of its {@code @JsonPropertyOrder}; the command line adds {@code stage}, {@code status} and {@code
 * exit_code} before them and {@code duration_s} after them. Schedulers, scripts and tests parse
 * these summaries, so a key is renamed or removed only deliberately.
 */
public interface StageResult {
    /** The tables this run read and wrote, at their versions: its lineage event's datasets. */
    TableVersions tableVersions();

    /** The MLflow run this stage run recorded, for the stages that track one. */
    default Optional<String> mlflowRunId() {
        return Optional.empty();
    }
}
