package org.spira.pipeline.split;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spira.pipeline.StageResult;
import org.spira.pipeline.TableVersions;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.SplitsTable;

/**
 * One split run: subjects newly assigned, all subjects, and per split and class the number of
 * subjects and recordings (keys like {@code train.control}), with the table versions.
 */
@JsonPropertyOrder({"run_id", "new_subjects", "subjects", "subjects_by_split", "recordings_by_split", "tables"})
public record SplitResult(
        @JsonProperty("run_id") String runId,
        @JsonProperty("new_subjects") long newSubjects,
        @JsonProperty("subjects") long subjects,
        @JsonProperty("subjects_by_split") Map<String, Long> subjectsBySplitAndClass,
        @JsonProperty("recordings_by_split") Map<String, Long> recordingsBySplitAndClass,
        long recordingsVersion,
        long splitsVersion)
        implements StageResult {

    @Override
    public TableVersions tableVersions() {
        return new TableVersions(
                Map.of(RecordingsTable.NAME, recordingsVersion), Map.of(SplitsTable.NAME, splitsVersion));
    }

    /** The versions read (recordings) and written (splits), by table name. */
    @JsonProperty("tables")
    public Map<String, Long> tables() {
        Map<String, Long> tables = new LinkedHashMap<>();
        tables.put(RecordingsTable.NAME, recordingsVersion);
        tables.put(SplitsTable.NAME, splitsVersion);
        return tables;
    }
}
