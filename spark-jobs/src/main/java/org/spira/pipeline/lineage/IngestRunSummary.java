package org.spira.pipeline.lineage;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.sql.Timestamp;
import org.spira.pipeline.tables.IngestRunsTable.IngestRun;

/**
 * An ingest run that brought in recordings a model learned from.
 *
 * @param ingestRunId the run id
 * @param manifestUri the manifest it read
 * @param startedAt when it started
 * @param accepted recordings it accepted in all
 * @param learned of those, recordings the model learned from
 */
@JsonPropertyOrder({"manifest_uri", "started_at", "accepted", "learned"})
public record IngestRunSummary(
        String ingestRunId,
        @JsonProperty("manifest_uri") String manifestUri,
        Timestamp startedAt,
        @JsonProperty("accepted") long accepted,
        @JsonProperty("learned") long learned) {
    /** When the run started, as an ISO-8601 instant (UTC). */
    @JsonProperty("started_at")
    public String startedAtInstant() {
        return startedAt.toInstant().toString();
    }

    /** The summary of {@code run}, of whose recordings the model learned from {@code learned}. */
    static IngestRunSummary of(IngestRun run, long learned) {
        return new IngestRunSummary(run.ingestRunId(), run.manifestUri(), run.startedAt(), run.accepted(), learned);
    }
}
