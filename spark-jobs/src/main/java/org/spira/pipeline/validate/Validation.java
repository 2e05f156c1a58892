package org.spira.pipeline.validate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.spira.pipeline.config.ValidateConfig;

/**
 * What {@code validate} measured for one model version: how far the recordings featurized since
 * its training drift from those it was trained on (per MFCC coefficient, and for sample rates,
 * sources and tasks), how many new recordings passed ingest's speech-quality checks, and the
 * tables' invariants; and, against the limits of {@link ValidateConfig}, what fails the gate.
 *
 * @param coefficientJsd per coefficient, the divergence of the new recordings' clean windows from
 *     the trained-on ones'; empty without new recordings
 * @param categoricalJsd {@code sample_rate}, {@code source} and {@code task}; empty without new
 *     recordings
 */
@JsonPropertyOrder({
    "model",
    "model_version",
    "trained_on",
    "current",
    "trained_recordings",
    "new_recordings",
    "coefficient_jsd",
    "categorical_jsd",
    "quality",
    "invariants"
})
public record Validation(
        @JsonProperty("model") String model,
        @JsonProperty("model_version") long modelVersion,
        @JsonProperty("trained_on") Versions trainedOn,
        @JsonProperty("current") Versions current,
        @JsonProperty("trained_recordings") long trainedRecordings,
        @JsonProperty("new_recordings") long newRecordings,
        @JsonProperty("coefficient_jsd") List<Double> coefficientJsd,
        @JsonProperty("categorical_jsd") Map<String, Double> categoricalJsd,
        @JsonProperty("quality") Quality quality,
        @JsonProperty("invariants") Invariants invariants) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The table versions compared, and the feature version. */
    @JsonPropertyOrder({"feature_version", "features_version", "recordings_version", "splits_version"})
    public record Versions(
            @JsonProperty("feature_version") String featureVersion,
            @JsonProperty("features_version") long featuresVersion,
            @JsonProperty("recordings_version") long recordingsVersion,
            @JsonProperty("splits_version") long splitsVersion) {}

    /**
     * Ingest's speech-quality checks on the recordings of the ingest runs since the training's
     * recordings version.
     *
     * @param accepted recordings those runs accepted
     * @param rejected recordings they rejected, per quality reason code
     */
    @JsonPropertyOrder({"accepted", "rejected", "pass_rate"})
    public record Quality(
            @JsonProperty("accepted") long accepted, @JsonProperty("rejected") Map<String, Long> rejected) {
        /** accepted / (accepted + rejected); empty when those runs read no recording. */
        public Optional<Double> passRate() {
            long total = accepted
                    + rejected.values().stream().mapToLong(Long::longValue).sum();
            return total == 0 ? Optional.empty() : Optional.of(accepted / (double) total);
        }

        @JsonProperty("pass_rate")
        Double passRateOrNull() {
            return passRate().orElse(null);
        }
    }

    /**
     * The tables' invariants at their latest versions.
     *
     * @param subjectsInTwoSplits subjects that any version of {@code splits} places in two splits,
     *     or twice in one version
     * @param featureRowsWithoutRecording feature rows whose recording is not in {@code recordings}
     * @param recordingsPerSplit recordings per {@code split.class}, e.g. {@code train.control}
     */
    @JsonPropertyOrder({"subjects_in_two_splits", "feature_rows_without_recording", "recordings_per_split"})
    public record Invariants(
            @JsonProperty("subjects_in_two_splits") long subjectsInTwoSplits,
            @JsonProperty("feature_rows_without_recording") long featureRowsWithoutRecording,
            @JsonProperty("recordings_per_split") Map<String, Long> recordingsPerSplit) {}

    /** The largest coefficient divergence and its coefficient; empty without new recordings. */
    public Optional<Map.Entry<Integer, Double>> largestCoefficientJsd() {
        return IntStream.range(0, coefficientJsd.size())
                .boxed()
                .max((a, b) -> Double.compare(coefficientJsd.get(a), coefficientJsd.get(b)))
                .map(c -> Map.entry(c, coefficientJsd.get(c)));
    }

    /** Why the data fails the gate, each naming the limit's key; empty when it passes. */
    public List<String> failures(ValidateConfig limits) {
        List<String> failures = new ArrayList<>();
        if (newRecordings >= limits.minNewRecordings()) {
            for (int c = 0; c < coefficientJsd.size(); c++) {
                if (coefficientJsd.get(c) > limits.maxCoefficientJsd()) {
                    failures.add(String.format(
                            Locale.ROOT,
                            "MFCC coefficient %d drifted: Jensen-Shannon divergence %.4f > spira.validate"
                                    + ".max-coefficient-jsd = %s",
                            c,
                            coefficientJsd.get(c),
                            limits.maxCoefficientJsd()));
                }
            }
            categoricalJsd.forEach((name, jsd) -> {
                if (jsd > limits.maxCategoricalJsd()) {
                    failures.add(String.format(
                            Locale.ROOT,
                            "the %s distribution drifted: Jensen-Shannon divergence %.4f > spira.validate"
                                    + ".max-categorical-jsd = %s",
                            name,
                            jsd,
                            limits.maxCategoricalJsd()));
                }
            });
        }
        quality.passRate()
                .filter(rate -> rate < limits.minQualityPassRate())
                .ifPresent(rate -> failures.add(String.format(
                        Locale.ROOT,
                        "%.1f%% of the new recordings passed ingest's speech-quality checks, less than"
                                + " spira.validate.min-quality-pass-rate = %s (rejected: %s)",
                        100 * rate,
                        limits.minQualityPassRate(),
                        quality.rejected())));
        if (invariants.subjectsInTwoSplits() > 0) {
            failures.add(invariants.subjectsInTwoSplits()
                    + " subject(s) are in two splits in the history of the splits table: the split stage"
                    + " writes a subject once, so the table was written by something else");
        }
        if (invariants.featureRowsWithoutRecording() > 0) {
            failures.add(invariants.featureRowsWithoutRecording()
                    + " feature row(s) have no recording in the recordings table: rows were deleted from"
                    + " recordings without their features");
        }
        return failures;
    }

    /** The metrics of the validate run: divergences, quality and invariants. */
    public Map<String, Double> metrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("recordings.trained", (double) trainedRecordings);
        metrics.put("recordings.new", (double) newRecordings);
        for (int c = 0; c < coefficientJsd.size(); c++) {
            metrics.put(String.format(Locale.ROOT, "jsd.coefficient.%02d", c), coefficientJsd.get(c));
        }
        largestCoefficientJsd().ifPresent(max -> metrics.put("jsd.coefficient.max", max.getValue()));
        categoricalJsd.forEach((name, jsd) -> metrics.put("jsd." + name, jsd));
        quality.passRate().ifPresent(rate -> metrics.put("quality.pass_rate", rate));
        metrics.put("invariants.subjects_in_two_splits", (double) invariants.subjectsInTwoSplits());
        metrics.put("invariants.feature_rows_without_recording", (double) invariants.featureRowsWithoutRecording());
        return metrics;
    }

    /** The report as JSON: these fields, then {@code passed} and {@code failures}. */
    public String json(ValidateConfig limits) {
        Map<String, Object> report = JSON.convertValue(this, LinkedHashMap.class);
        List<String> failures = failures(limits);
        report.put("limits", limits.params());
        report.put("passed", failures.isEmpty());
        report.put("failures", failures);
        try {
            return JSON.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the validation report cannot be written as JSON", e);
        }
    }

    /** The report as Markdown, for people. */
    public String markdown(ValidateConfig limits) {
        List<String> failures = failures(limits);
        StringBuilder md = new StringBuilder();
        md.append("# Data validation of ")
                .append(model)
                .append(" version ")
                .append(modelVersion)
                .append("\n\n");
        md.append(failures.isEmpty() ? "**Passed.**\n\n" : "**Failed:**\n\n");
        failures.forEach(f -> md.append("- ").append(f).append('\n'));
        md.append(failures.isEmpty() ? "" : "\n");
        md.append("| | trained on | now |\n|---|---|---|\n");
        md.append(row("features version", trainedOn.featuresVersion(), current.featuresVersion()));
        md.append(row("recordings version", trainedOn.recordingsVersion(), current.recordingsVersion()));
        md.append(row("splits version", trainedOn.splitsVersion(), current.splitsVersion()));
        md.append(row("recordings (clean windows)", trainedRecordings, trainedRecordings + newRecordings));
        md.append("\nFeature version `").append(trainedOn.featureVersion()).append("`. ");
        md.append(newRecordings).append(" new recording(s) compared with the ").append(trainedRecordings);
        md.append(" trained on");
        if (newRecordings < limits.minNewRecordings()) {
            md.append(" (fewer than spira.validate.min-new-recordings = ")
                    .append(limits.minNewRecordings())
                    .append(": divergences reported, not gated)");
        }
        md.append(".\n\n## Divergences (Jensen-Shannon, bits)\n\n");
        largestCoefficientJsd()
                .ifPresentOrElse(
                        max -> md.append(String.format(
                                Locale.ROOT,
                                "Largest MFCC coefficient divergence: %.4f (coefficient %d; limit %s). All: see"
                                        + " `coefficient_jsd.png` and the JSON report.\n\n",
                                max.getValue(),
                                max.getKey(),
                                limits.maxCoefficientJsd())),
                        () -> md.append("No new recordings: nothing to compare.\n\n"));
        categoricalJsd.forEach((name, jsd) -> md.append(
                String.format(Locale.ROOT, "- %s: %.4f (limit %s)\n", name, jsd, limits.maxCategoricalJsd())));
        md.append("\n## Speech quality of the new recordings\n\n");
        md.append(String.format(
                Locale.ROOT,
                "%d accepted, rejected %s; pass rate %s (limit %s).\n",
                quality.accepted(),
                quality.rejected(),
                quality.passRate()
                        .map(r -> String.format(Locale.ROOT, "%.3f", r))
                        .orElse("n/a"),
                limits.minQualityPassRate()));
        md.append("\n## Invariants\n\n");
        md.append("- subjects in two splits: ")
                .append(invariants.subjectsInTwoSplits())
                .append('\n');
        md.append("- feature rows without a recording: ")
                .append(invariants.featureRowsWithoutRecording())
                .append('\n');
        md.append("- recordings per split and class: ")
                .append(invariants.recordingsPerSplit())
                .append('\n');
        return md.toString();
    }

    private static String row(String name, long trained, long now) {
        return "| " + name + " | " + trained + " | " + now + " |\n";
    }
}
