package org.spira.pipeline.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spira.pipeline.StageResult;
import org.spira.pipeline.TableVersions;
import org.spira.pipeline.tables.IngestRunsTable;
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
        long rejectedVersion,
        long ingestRunsVersion)
        implements StageResult {
    /** {@link #ingestRunsVersion} before the run's row is written to {@code ingest_runs}. */
    public static final long NOT_LOGGED = -1;

    public IngestResult {
        if (listed != accepted + rejected + duplicates || duplicates < 0) {
            throw new IllegalStateException("ingest accounting does not add up: listed " + listed + " != accepted "
                    + accepted + " + rejected " + rejected + " + duplicates " + duplicates);
        }
    }

    /** The same run, logged in {@code ingest_runs}, which is now at {@code version}. */
    public IngestResult logged(long version) {
        return new IngestResult(
                runId, listed, accepted, rejected, duplicates, recordingsVersion, rejectedVersion, version);
    }

    @Override
    public TableVersions tableVersions() {
        Map<String, Long> written = new LinkedHashMap<>(tables());
        written.put(IngestRunsTable.NAME, ingestRunsVersion);
        return new TableVersions(Map.of(), written);
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
