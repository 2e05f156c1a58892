package org.spira.pipeline.lineage;

import java.util.List;
import java.util.Map;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.RunRecord;

/**
 * The chain behind one model version.
 *
 * @param version the registered model version
 * @param run its training run
 * @param lineage the table versions and build recorded by the run
 * @param ingestRuns the ingest runs the learned recordings came from, oldest first
 * @param recordings learned recordings per {@code split.class} (train and validation)
 * @param audioList URI of the CSV listing every learned audio object
 */
public record LineageResult(
        ModelVersion version,
        RunRecord run,
        TrainingLineage lineage,
        List<IngestRunSummary> ingestRuns,
        Map<String, Long> recordings,
        String audioList) {
    public LineageResult {
        ingestRuns = List.copyOf(ingestRuns);
        recordings = Map.copyOf(recordings);
    }

    /** Audio objects learned from: every recording of the training and validation splits. */
    public long audioObjects() {
        return recordings.values().stream().mapToLong(Long::longValue).sum();
    }
}
