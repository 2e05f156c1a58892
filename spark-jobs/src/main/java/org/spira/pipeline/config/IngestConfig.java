package org.spira.pipeline.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.spira.pipeline.config.Setting.Type;

/**
 * Settings of the ingest stage ({@code spira.ingest}).
 *
 * @param maxRejectedFraction largest fraction of the manifest's rows that may be rejected, in [0, 1]
 * @param subjectKeyFile file holding the key that pseudonymizes subject ids; empty = none
 * @param labels the manifest values of each class
 * @param metadataColumns manifest columns kept besides path, subject_id and label
 */
public record IngestConfig(
        double maxRejectedFraction,
        Optional<Path> subjectKeyFile,
        LabelVocabulary labels,
        List<String> metadataColumns) {
    private static final List<String> RESERVED_COLUMNS = List.of("path", "subject_id", "label");

    static final Setting<IngestConfig, Double> MAX_REJECTED_FRACTION = Setting.of(
                    "spira.ingest.max-rejected-fraction", Type.DOUBLE, 0.5, IngestConfig::maxRejectedFraction)
            .rule(f -> f >= 0 && f <= 1, "a number in [0, 1]")
            .help("Data-quality gate: ingest exits with status 3 when more than this fraction of the manifest's"
                    + " rows is rejected (0 = any reject fails the gate, 1 = never fails).");
    static final Setting<IngestConfig, Optional<Path>> SUBJECT_KEY_FILE = Setting.of(
                    "spira.ingest.subject-key-file",
                    Type.OPTIONAL_TEXT.<Optional<Path>>map(
                            "a file path (\"\" for none)",
                            text -> text.map(Path::of),
                            path -> path.map(Path::toString)),
                    Optional.empty(),
                    IngestConfig::subjectKeyFile)
            .help("File holding the secret key that pseudonymizes subject ids (HMAC-SHA256). Used when the"
                    + " environment variable SPIRA_SUBJECT_KEY is not set. \"\" = no file.");
    static final Setting<IngestConfig, List<String>> LABELS_CONTROL = Setting.of(
                    "spira.ingest.labels.control",
                    Type.TEXTS,
                    List.of("control", "0"),
                    (IngestConfig ingest) -> ingest.labels().control())
            .help("Manifest label values that mean control (label 0), compared trimmed and case-insensitively.");
    static final Setting<IngestConfig, List<String>> LABELS_PATIENT = Setting.of(
                    "spira.ingest.labels.patient",
                    Type.TEXTS,
                    List.of("patient", "1"),
                    (IngestConfig ingest) -> ingest.labels().patient())
            .help("Manifest label values that mean patient (label 1), compared trimmed and case-insensitively;"
                    + " none may also mean control.");
    static final Setting<IngestConfig, List<String>> METADATA_COLUMNS = Setting.of(
                    "spira.ingest.metadata-columns",
                    Type.TEXTS,
                    List.of("sex", "age", "source", "task"),
                    IngestConfig::metadataColumns)
            .rule(
                    columns -> columns.stream()
                            .allMatch(c -> c.matches("[a-z][a-z0-9_]*") && !RESERVED_COLUMNS.contains(c)),
                    "a list of lower-case column names other than path, subject_id and label")
            .help("Manifest columns kept in the recordings table besides path, subject_id and label. Other"
                    + " columns are not copied: a manifest may hold more personal data than training needs.");

    static final Settings<IngestConfig> SETTINGS = new Settings<>(
            "spira.ingest",
            "The ingest stage: which manifest rows it accepts, and what it keeps of them.",
            List.of(MAX_REJECTED_FRACTION, SUBJECT_KEY_FILE, LABELS_CONTROL, LABELS_PATIENT, METADATA_COLUMNS));

    public IngestConfig {
        metadataColumns = List.copyOf(metadataColumns);
    }

    static IngestConfig from(Config c) {
        return new IngestConfig(
                MAX_REJECTED_FRACTION.read(c),
                SUBJECT_KEY_FILE.read(c),
                new LabelVocabulary(LABELS_CONTROL.read(c), LABELS_PATIENT.read(c)),
                METADATA_COLUMNS.read(c));
    }
}
