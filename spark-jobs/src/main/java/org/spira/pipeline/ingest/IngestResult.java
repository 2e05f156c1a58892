package org.spira.pipeline.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spira.pipeline.StageResult;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RejectedTable;

/**
 * The accounting of one ingest run: listed = accepted + rejected + duplicates. {@code accepted}
 * counts recordings new to the table; {@code duplicates} rows whose bytes were already accepted
 * (earlier in the manifest or by an earlier run).
 */
@JsonPropertyOrder({"run_id", "listed", "accepted", "rejected", "duplicates", "tables"})
public record IngestResult(
        @JsonProperty("run_id") String runId,
        @JsonProperty("listed") long listed,
        @JsonProperty("accepted") long accepted,
        @JsonProperty("rejected") long rejected,
        @JsonProperty("duplicates") long duplicates,
        long recordingsVersion,
        long rejectedVersion)
        implements StageResult {

    public IngestResult {
        if (listed != accepted + rejected + duplicates || duplicates < 0) {
            throw new IllegalStateException("ingest accounting does not add up: listed " + listed + " != accepted "
                    + accepted + " + rejected " + rejected + " + duplicates " + duplicates);
        }
    }

    /** Whether the rejected share exceeds {@code maxRejectedFraction} (the data-quality gate). */
    public boolean failsGate(double maxRejectedFraction) {
        return listed > 0 && rejected > maxRejectedFraction * listed;
    }

    /** The versions written, by table name. */
    @JsonProperty("tables")
    public Map<String, Long> tables() {
        Map<String, Long> tables = new LinkedHashMap<>();
        tables.put(RecordingsTable.NAME, recordingsVersion);
        tables.put(RejectedTable.NAME, rejectedVersion);
        return tables;
    }
}
