package org.spira.pipeline.featurize;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.spira.pipeline.StageResult;
import org.spira.pipeline.TableVersions;
import org.spira.pipeline.tables.FeatureStatsTable;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RejectedTable;

/**
 * What one featurize run did: recordings read (those this feature version had neither featurized
 * nor rejected), feature rows added, recordings rejected for this feature version (recordings =
 * recordings featurized + rejected), and the table versions read and written.
 */
@JsonPropertyOrder({"run_id", "feature_version", "recordings", "rows", "rejected", "noise_corpus", "tables"})
public record FeaturizeResult(
        @JsonProperty("run_id") String runId,
        @JsonProperty("feature_version") String featureVersion,
        long recordingsVersion,
        @JsonProperty("recordings") long recordings,
        @JsonProperty("rows") long rows,
        @JsonProperty("rejected") long rejected,
        long featuresVersion,
        long rejectedVersion,
        long statsVersion,
        Optional<String> noiseCorpus)
        implements StageResult {

    @Override
    public TableVersions tableVersions() {
        return new TableVersions(
                Map.of(RecordingsTable.NAME, recordingsVersion),
                Map.of(
                        FeaturesTable.NAME,
                        featuresVersion,
                        RejectedTable.NAME,
                        rejectedVersion,
                        FeatureStatsTable.NAME,
                        statsVersion));
    }

    /** The noise corpus's content hash; null when the run added no noisy variant. */
    @JsonProperty("noise_corpus")
    public String noiseCorpusHash() {
        return noiseCorpus.orElse(null);
    }

    /** The versions read (recordings) and written (features), by table name. */
    @JsonProperty("tables")
    public Map<String, Long> tables() {
        Map<String, Long> tables = new LinkedHashMap<>();
        tables.put(RecordingsTable.NAME, recordingsVersion);
        tables.put(FeaturesTable.NAME, featuresVersion);
        return tables;
    }
}
