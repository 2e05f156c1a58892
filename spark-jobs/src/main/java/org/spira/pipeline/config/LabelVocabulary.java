package org.spira.pipeline.config;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The manifest values that mean control (label 0) and patient (label 1), compared trimmed and
 * case-insensitively ({@code spira.ingest.labels}).
 */
public record LabelVocabulary(List<String> control, List<String> patient) implements Serializable {
    public LabelVocabulary {
        control = normalized(control);
        patient = normalized(patient);
        if (control.isEmpty() || patient.isEmpty()) {
            throw ConfigException.invalid(
                    "spira.ingest.labels", control + " / " + patient, "at least one value per class");
        }
        if (control.stream().anyMatch(patient::contains)) {
            throw ConfigException.invalid("spira.ingest.labels", control + " / " + patient, "no value in both classes");
        }
    }

    /** 0 for control, 1 for patient, empty when the value is neither. */
    public Optional<Integer> label(String value) {
        String v = normalize(value == null ? "" : value);
        return control.contains(v) ? Optional.of(0) : patient.contains(v) ? Optional.of(1) : Optional.empty();
    }

    private static List<String> normalized(List<String> values) {
        return values.stream().map(LabelVocabulary::normalize).distinct().toList();
    }

    private static String normalize(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
