package org.spira.pipeline.validate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.spira.pipeline.StageResult;
import org.spira.pipeline.TableVersions;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.SplitsTable;

/**
 * What one validate run did: its MLflow run, the version validated, and what it measured and
 * found ({@link Validation}).
 *
 * @param failures why the data fails the gate; empty when it passed
 */
@JsonPropertyOrder({
    "run_id",
    "model",
    "model_version",
    "passed",
    "new_recordings",
    "max_coefficient_jsd",
    "categorical_jsd",
    "quality_pass_rate",
    "failures",
    "tables"
})
public record ValidateResult(@JsonProperty("run_id") String runId, Validation validation, List<String> failures)
        implements StageResult {
    public ValidateResult {
        failures = List.copyOf(failures);
    }

    @JsonProperty("model")
    public String model() {
        return validation.model();
    }

    @JsonProperty("model_version")
    public long modelVersion() {
        return validation.modelVersion();
    }

    @JsonProperty("passed")
    public boolean passed() {
        return failures.isEmpty();
    }

    @JsonProperty("new_recordings")
    public long newRecordings() {
        return validation.newRecordings();
    }

    /** Null without new recordings. */
    @JsonProperty("max_coefficient_jsd")
    public Double maxCoefficientJsd() {
        return validation.largestCoefficientJsd().map(Map.Entry::getValue).orElse(null);
    }

    @JsonProperty("categorical_jsd")
    public Map<String, Double> categoricalJsd() {
        return validation.categoricalJsd();
    }

    /** Null when no ingest run since the training read a recording. */
    @JsonProperty("quality_pass_rate")
    public Double qualityPassRate() {
        return validation.quality().passRate().orElse(null);
    }

    @JsonProperty("failures")
    public List<String> failureMessages() {
        return failures;
    }

    /** The versions read now. */
    @JsonProperty("tables")
    public Map<String, Long> tables() {
        Map<String, Long> tables = new LinkedHashMap<>();
        tables.put(FeaturesTable.NAME, validation.current().featuresVersion());
        tables.put(RecordingsTable.NAME, validation.current().recordingsVersion());
        tables.put(SplitsTable.NAME, validation.current().splitsVersion());
        return tables;
    }

    @Override
    public TableVersions tableVersions() {
        return new TableVersions(tables(), Map.of());
    }

    @Override
    public Optional<String> mlflowRunId() {
        return Optional.of(runId);
    }
}
