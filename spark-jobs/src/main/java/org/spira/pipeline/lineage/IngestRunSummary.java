package org.spira.pipeline.lineage;

import java.sql.Timestamp;
import org.apache.spark.sql.Row;

/**
 * An ingest run that brought in recordings a model learned from.
 *
 * @param ingestRunId the run id
 * @param manifestUri the manifest it read
 * @param startedAt when it started
 * @param accepted recordings it accepted in all
 * @param learned of those, recordings the model learned from
 */
public record IngestRunSummary(
        String ingestRunId, String manifestUri, Timestamp startedAt, long accepted, long learned) {
    static IngestRunSummary of(Row row) {
        return new IngestRunSummary(
                row.getAs("ingest_run_id"),
                row.getAs("manifest_uri"),
                row.getAs("started_at"),
                row.<Long>getAs("accepted"),
                row.<Long>getAs("learned"));
    }
}
