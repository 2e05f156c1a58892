package org.spira.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Delta tables of the warehouse that one stage run read and wrote, by table name: the version
 * it read, and the version it left (unchanged when it wrote nothing). They are the inputs and
 * outputs of the stage's OpenLineage run event.
 *
 * @param read the tables read, at the version read
 * @param written the tables written, at the version after the run
 */
public record TableVersions(Map<String, Long> read, Map<String, Long> written) {
    /** A run that read and wrote no table. */
    public static final TableVersions NONE = new TableVersions(Map.of(), Map.of());

    public TableVersions {
        read = Collections.unmodifiableMap(new LinkedHashMap<>(read));
        written = Collections.unmodifiableMap(new LinkedHashMap<>(written));
    }
}
