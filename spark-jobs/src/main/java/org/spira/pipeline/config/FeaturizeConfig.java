package org.spira.pipeline.config;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.spira.features.spark.VariantPlan;
import org.spira.pipeline.config.Setting.Type;

/**
 * Settings of the featurize stage ({@code spira.featurize}).
 *
 * @param recordingsTableVersion Delta table version of {@code recordings} to read, or -1 for the latest
 * @param noiseCorpus folder URI of the noise corpus; empty for clean features only
 * @param variants noisy variants and noises per class, and the seed
 */
public record FeaturizeConfig(long recordingsTableVersion, Optional<String> noiseCorpus, VariantPlan variants) {
    static final Setting<FeaturizeConfig, Long> RECORDINGS_TABLE_VERSION = Setting.tableVersion(
                    "spira.featurize.recordings-table-version", FeaturizeConfig::recordingsTableVersion)
            .formerly("spira.featurize.recordings-version")
            .help("Delta table version of the recordings table to featurize; -1 = the latest.");
    static final Setting<FeaturizeConfig, Optional<String>> NOISE_CORPUS = Setting.of(
                    "spira.featurize.noise-corpus", Type.OPTIONAL_TEXT, Optional.empty(), FeaturizeConfig::noiseCorpus)
            .help("Folder (file://, s3a://) of the noise corpus for the noisy variants; \"\" = clean only.");
    static final Setting<FeaturizeConfig, Integer> CONTROL_VARIANTS = variants(
            "spira.featurize.control-variants",
            (FeaturizeConfig f) -> f.variants().controlVariants(),
            "Noisy variants per control recording (SPIRA.md section 4). Noisy variants need noise-corpus; with 0"
                    + " only the clean variant is computed.");
    static final Setting<FeaturizeConfig, Integer> PATIENT_VARIANTS = variants(
            "spira.featurize.patient-variants",
            (FeaturizeConfig f) -> f.variants().patientVariants(),
            "Noisy variants per patient recording, as control-variants.");
    static final Setting<FeaturizeConfig, Integer> CONTROL_NOISES = noises(
            "spira.featurize.control-noises",
            (FeaturizeConfig f) -> f.variants().controlNoises(),
            "Noise segments added to each noisy variant of a control (the paper's best setting adds 3 to both"
                    + " classes).");
    static final Setting<FeaturizeConfig, Integer> PATIENT_NOISES = noises(
            "spira.featurize.patient-noises",
            (FeaturizeConfig f) -> f.variants().patientNoises(),
            "Noise segments added to each noisy variant of a patient.");
    static final Setting<FeaturizeConfig, Long> SEED = Setting.of(
                    "spira.featurize.seed", Type.LONG, 42L, (FeaturizeConfig f) -> f.variants()
                            .seed())
            .help("Seed of every noise draw: a draw is a pure function of (recording, variant, seed).");

    static final Settings<FeaturizeConfig> SETTINGS = new Settings<>(
            "spira.featurize",
            "The featurize stage: which recordings it reads, and the noisy variants it computes besides the clean"
                    + " one.",
            List.of(
                    RECORDINGS_TABLE_VERSION,
                    NOISE_CORPUS,
                    CONTROL_VARIANTS,
                    PATIENT_VARIANTS,
                    CONTROL_NOISES,
                    PATIENT_NOISES,
                    SEED));

    public FeaturizeConfig {
        if (variants.needsNoise() && noiseCorpus.isEmpty()) {
            throw ConfigException.invalid(
                    NOISE_CORPUS.key(),
                    "\"\"",
                    "a folder URI when control-variants or patient-variants is above 0 (or set both to 0)");
        }
    }

    static FeaturizeConfig from(Config c) {
        VariantPlan plan = new VariantPlan(
                CONTROL_VARIANTS.read(c),
                PATIENT_VARIANTS.read(c),
                CONTROL_NOISES.read(c),
                PATIENT_NOISES.read(c),
                SEED.read(c));
        return new FeaturizeConfig(RECORDINGS_TABLE_VERSION.read(c), NOISE_CORPUS.read(c), plan);
    }

    private static Setting<FeaturizeConfig, Integer> variants(
            String key, Function<FeaturizeConfig, Integer> resolved, String help) {
        return Setting.of(key, Type.INTEGER, 0, resolved)
                .rule(n -> n >= 0, "an integer >= 0")
                .help(help);
    }

    private static Setting<FeaturizeConfig, Integer> noises(
            String key, Function<FeaturizeConfig, Integer> resolved, String help) {
        return Setting.of(key, Type.INTEGER, 3, resolved)
                .rule(n -> n >= 1, "an integer >= 1")
                .help(help);
    }
}
