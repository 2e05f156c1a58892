package org.spira.pipeline.maintain;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spira.pipeline.StageResult;
import org.spira.pipeline.TableVersions;

/**
 * One maintain run: per table, its data files before and after compaction and what the VACUUM
 * deleted, with the retention it used.
 *
 * @param retentionHours the VACUUM's retention
 * @param maintained the tables that exist, by name, in the order of {@code docs/tables.md}
 */
@JsonPropertyOrder({"retention_hours", "files_before", "files_after", "files_deleted", "bytes_deleted", "tables"})
public record MaintainResult(@JsonProperty("retention_hours") double retentionHours, Map<String, Table> maintained)
        implements StageResult {

    /**
     * One table.
     *
     * @param versionBefore its version when the run began
     * @param version its version after compaction (the same when there was nothing to compact)
     * @param filesBefore the data files of its latest version before compaction
     * @param filesAfter the data files of its latest version after compaction
     * @param filesDeleted the files the VACUUM deleted
     * @param bytesDeleted their bytes
     * @param filesStored the data files left under its folder
     * @param bytesStored their bytes
     */
    public record Table(
            long versionBefore,
            long version,
            long filesBefore,
            long filesAfter,
            long filesDeleted,
            long bytesDeleted,
            long filesStored,
            long bytesStored) {}

    public MaintainResult {
        maintained = Collections.unmodifiableMap(new LinkedHashMap<>(maintained));
    }

    @Override
    public TableVersions tableVersions() {
        Map<String, Long> before = new LinkedHashMap<>();
        maintained.forEach((name, table) -> before.put(name, table.versionBefore()));
        return new TableVersions(before, tables());
    }

    /** Each table's data files in its latest version before compaction. */
    @JsonProperty("files_before")
    public Map<String, Long> filesBefore() {
        return per(Table::filesBefore);
    }

    /** Each table's data files in its latest version after compaction. */
    @JsonProperty("files_after")
    public Map<String, Long> filesAfter() {
        return per(Table::filesAfter);
    }

    /** The files each table's VACUUM deleted. */
    @JsonProperty("files_deleted")
    public Map<String, Long> filesDeleted() {
        return per(Table::filesDeleted);
    }

    /** The bytes each table's VACUUM deleted. */
    @JsonProperty("bytes_deleted")
    public Map<String, Long> bytesDeleted() {
        return per(Table::bytesDeleted);
    }

    /** Each table's version after the run. */
    @JsonProperty("tables")
    public Map<String, Long> tables() {
        return per(Table::version);
    }

    private Map<String, Long> per(java.util.function.ToLongFunction<Table> field) {
        Map<String, Long> values = new LinkedHashMap<>();
        maintained.forEach((name, table) -> values.put(name, field.applyAsLong(table)));
        return values;
    }
}
