package org.spira.pipeline.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.spira.pipeline.config.Setting.Type;

/**
 * Settings of the ingest stage ({@code spira.ingest}).
 *
 * @param maxRejectedFraction largest fraction of the manifest's rows that may be rejected, in [0, 1]
 * @param subjectKeyFile file holding the key that pseudonymizes subject ids; empty = none
 * @param labels the manifest values of each class
 * @param metadataColumns manifest columns kept besides path, subject_id and label
 * @param quality the speech-quality limits an accepted recording meets
 */
public record IngestConfig(
        double maxRejectedFraction,
        Optional<Path> subjectKeyFile,
        LabelVocabulary labels,
        List<String> metadataColumns,
        QualityLimits quality) {
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

    static final Setting<IngestConfig, Double> MAX_CLIPPING_RATIO = quality(
                    "max-clipping-ratio", Type.DOUBLE, 0.001, QualityLimits::maxClippingRatio)
            .rule(f -> f >= 0 && f <= 1, "a number in [0, 1]")
            .help("Speech quality: largest share of a recording's samples at full scale (|x| >= 0.999) before"
                    + " ingest rejects it as clipped. The shared recordings have at most 0.001 %.");
    static final Setting<IngestConfig, Double> MAX_SILENT_FRACTION = quality(
                    "max-silent-fraction", Type.DOUBLE, 0.95, QualityLimits::maxSilentFraction)
            .rule(f -> f >= 0 && f <= 1, "a number in [0, 1]")
            .help("Speech quality: largest share of a recording's 20 ms frames below -50 dBFS before ingest"
                    + " rejects it as mostly_silent. The shared recordings have at most 0.92 (a quiet sustained"
                    + " vowel).");
    static final Setting<IngestConfig, Double> MIN_SNR_DB = quality(
                    "min-snr-db", Type.DOUBLE, 0.0, QualityLimits::minSnrDb)
            .help("Speech quality: smallest estimated SNR, dB (the loudest tenth of 20 ms frames over the"
                    + " quietest tenth) before ingest rejects a recording as low_snr. A sustained vowel has no"
                    + " pauses and reads low (the shared recordings: 1.35 dB at the least), so the default only"
                    + " rejects recordings whose loudest frames are not 3 dB above their quietest.");
    static final Setting<IngestConfig, Double> MAX_DC_OFFSET = quality(
                    "max-dc-offset", Type.DOUBLE, 0.02, QualityLimits::maxDcOffset)
            .rule(f -> f >= 0, "a number >= 0")
            .help("Speech quality: largest |mean| of a recording's samples (full scale 1) before ingest rejects"
                    + " it as dc_offset. The shared recordings have at most 0.00075.");
    static final Setting<IngestConfig, Double> MIN_DURATION = quality(
                    "min-duration-seconds", Type.DOUBLE, 0.5, QualityLimits::minDurationSeconds)
            .rule(f -> f >= 0, "seconds >= 0")
            .help("Shortest recording ingest accepts, seconds (duration_out_of_range). A feature spec may need"
                    + " more: featurize rejects what is shorter than its window as too_short.");
    static final Setting<IngestConfig, Double> MAX_DURATION = quality(
                    "max-duration-seconds", Type.DOUBLE, 3600.0, QualityLimits::maxDurationSeconds)
            .rule(f -> f > 0, "seconds > 0")
            .help("Longest recording ingest accepts, seconds (duration_out_of_range).");
    static final Setting<IngestConfig, Integer> MIN_SAMPLE_RATE = quality(
                    "min-sample-rate", Type.INTEGER, 8000, QualityLimits::minSampleRate)
            .rule(f -> f > 0, "Hz > 0")
            .help("Lowest sample rate ingest accepts, Hz (sample_rate_out_of_range); telephone audio is 8000.");
    static final Setting<IngestConfig, Integer> MAX_SAMPLE_RATE = quality(
                    "max-sample-rate", Type.INTEGER, 96000, QualityLimits::maxSampleRate)
            .rule(f -> f > 0, "Hz > 0")
            .help("Highest sample rate ingest accepts, Hz (sample_rate_out_of_range).");

    static final Settings<IngestConfig> SETTINGS = new Settings<>(
            "spira.ingest",
            "The ingest stage: which manifest rows it accepts, and what it keeps of them.",
            List.of(
                    MAX_REJECTED_FRACTION,
                    SUBJECT_KEY_FILE,
                    LABELS_CONTROL,
                    LABELS_PATIENT,
                    METADATA_COLUMNS,
                    MAX_CLIPPING_RATIO,
                    MAX_SILENT_FRACTION,
                    MIN_SNR_DB,
                    MAX_DC_OFFSET,
                    MIN_DURATION,
                    MAX_DURATION,
                    MIN_SAMPLE_RATE,
                    MAX_SAMPLE_RATE));

    public IngestConfig {
        metadataColumns = List.copyOf(metadataColumns);
    }

    /** The setting {@code name} of {@code spira.ingest.quality}, a limit of {@link QualityLimits}. */
    private static <T> Setting<IngestConfig, T> quality(
            String name, Type<T> type, T defaultValue, Function<QualityLimits, T> limit) {
        return Setting.of(
                "spira.ingest.quality." + name,
                type,
                defaultValue,
                (IngestConfig ingest) -> limit.apply(ingest.quality()));
    }

    static IngestConfig from(Config c) {
        return new IngestConfig(
                MAX_REJECTED_FRACTION.read(c),
                SUBJECT_KEY_FILE.read(c),
                new LabelVocabulary(LABELS_CONTROL.read(c), LABELS_PATIENT.read(c)),
                METADATA_COLUMNS.read(c),
                new QualityLimits(
                        MAX_CLIPPING_RATIO.read(c),
                        MAX_SILENT_FRACTION.read(c),
                        MIN_SNR_DB.read(c),
                        MAX_DC_OFFSET.read(c),
                        MIN_DURATION.read(c),
                        MAX_DURATION.read(c),
                        MIN_SAMPLE_RATE.read(c),
                        MAX_SAMPLE_RATE.read(c)));
    }
}
