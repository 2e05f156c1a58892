package org.spira.pipeline.forget;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spira.pipeline.StageResult;
import org.spira.pipeline.TableVersions;
import org.spira.pipeline.tables.ErasuresTable;

/**
 * What one forget run erased: counts only, never a subject id or key.
 *
 * @param erasureRunId the run, the key of its {@code erasures} row
 * @param subjectsRequested distinct ids in the request
 * @param subjectsFound of those, subjects with rows in some table
 * @param recordings their recordings erased from {@code recordings}
 * @param audioObjectsDeleted their audio objects deleted
 * @param rowsDeleted rows deleted, per table
 * @param featureStatsRecomputed {@code feature_stats} rows recomputed without the erased recordings
 * @param modelVersions {@code <model>/<version>} of the versions that learned from an erased
 *     recording, each tagged for retraining
 * @param retentionHours the retention of the VACUUM the run ran
 * @param filesRemovableAfter from when a VACUUM removes the last files holding the erased rows
 * @param tables per table changed, the version the run left
 */
@JsonPropertyOrder({
    "erasure_run_id",
    "subjects_requested",
    "subjects_found",
    "recordings",
    "audio_objects_deleted",
    "rows_deleted",
    "feature_stats_recomputed",
    "model_versions",
    "retention_hours",
    "files_removable_after",
    "time_travel",
    "tables"
})
public record ForgetResult(
        @JsonProperty("erasure_run_id") String erasureRunId,
        @JsonProperty("subjects_requested") long subjectsRequested,
        @JsonProperty("subjects_found") long subjectsFound,
        @JsonProperty("recordings") long recordings,
        @JsonProperty("audio_objects_deleted") long audioObjectsDeleted,
        @JsonProperty("rows_deleted") Map<String, Long> rowsDeleted,
        @JsonProperty("feature_stats_recomputed") long featureStatsRecomputed,
        @JsonProperty("model_versions") List<String> modelVersions,
        @JsonProperty("retention_hours") double retentionHours,
        Instant filesRemovableAfter,
        @JsonProperty("tables") Map<String, Long> tables)
        implements StageResult {
    public ForgetResult {
        rowsDeleted = Collections.unmodifiableMap(new TreeMap<>(rowsDeleted));
        modelVersions = List.copyOf(modelVersions);
        tables = Collections.unmodifiableMap(new TreeMap<>(tables));
    }

    /** This result with {@code table} left at {@code version} too. */
    ForgetResult withTable(String table, long version) {
        Map<String, Long> more = new TreeMap<>(tables);
        more.put(table, version);
        return new ForgetResult(
                erasureRunId,
                subjectsRequested,
                subjectsFound,
                recordings,
                audioObjectsDeleted,
                rowsDeleted,
                featureStatsRecomputed,
                modelVersions,
                retentionHours,
                filesRemovableAfter,
                more);
    }

    @JsonProperty("files_removable_after")
    public String filesRemovableAfterText() {
        return filesRemovableAfter.toString();
    }

    /** What the erasure means for reading the tables' earlier versions. */
    @JsonProperty("time_travel")
    public String timeTravel() {
        List<String> erasedFrom = tables.keySet().stream()
                .filter(table -> !table.equals(ErasuresTable.NAME))
                .toList();
        if (erasedFrom.isEmpty()) {
            return "nothing was erased: every version of every table reads as before";
        }
        return "the versions of " + String.join(", ", erasedFrom)
                + " before the ones in 'tables' held the erased rows: they can no longer be read in full once a"
                + " VACUUM has run at or after " + filesRemovableAfter
                + (retentionHours == 0
                        ? " (this run's, with retention 0: already)"
                        : "; run forget again with the same file then, or any VACUUM with a retention of at most "
                                + retentionHours + " h");
    }

    @Override
    public TableVersions tableVersions() {
        return new TableVersions(Map.of(), tables);
    }
}
