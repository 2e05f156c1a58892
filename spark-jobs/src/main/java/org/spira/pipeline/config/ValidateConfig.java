package org.spira.pipeline.config;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.spira.pipeline.config.Setting.Type;

/**
 * Settings of the validate stage ({@code spira.validate}): the limits of its data-quality gate.
 *
 * @param maxCoefficientJsd the largest Jensen-Shannon divergence allowed for any MFCC coefficient
 * @param maxCategoricalJsd the largest allowed for the sample rates, sources or tasks
 * @param minQualityPassRate the smallest share of new recordings allowed to pass ingest's checks
 * @param minNewRecordings new recordings needed before the divergences are gated
 */
public record ValidateConfig(
        double maxCoefficientJsd, double maxCategoricalJsd, double minQualityPassRate, int minNewRecordings) {
    static final Setting<ValidateConfig, Double> MAX_COEFFICIENT_JSD = divergence(
            "spira.validate.max-coefficient-jsd",
            0.1,
            ValidateConfig::maxCoefficientJsd,
            "The largest Jensen-Shannon divergence (base 2) allowed between the new recordings' values of an"
                    + " MFCC coefficient and the trained-on ones' (clean variant). docs/data-quality.md gives what"
                    + " the shared data measured.");
    static final Setting<ValidateConfig, Double> MAX_CATEGORICAL_JSD = divergence(
            "spira.validate.max-categorical-jsd",
            0.2,
            ValidateConfig::maxCategoricalJsd,
            "The largest Jensen-Shannon divergence allowed between the new and the trained-on recordings'"
                    + " sample rates, sources or tasks.");
    static final Setting<ValidateConfig, Double> MIN_QUALITY_PASS_RATE = Setting.of(
                    "spira.validate.min-quality-pass-rate", Type.DOUBLE, 0.9, ValidateConfig::minQualityPassRate)
            .rule(f -> f >= 0 && f <= 1, "a fraction in [0, 1]")
            .help("The smallest share of the new recordings that must pass ingest's speech-quality checks"
                    + " (accepted / (accepted + rejected for a spira.ingest.quality reason)).");
    static final Setting<ValidateConfig, Integer> MIN_NEW_RECORDINGS = Setting.of(
                    "spira.validate.min-new-recordings", Type.INTEGER, 20, ValidateConfig::minNewRecordings)
            .rule(n -> n >= 1, "an integer >= 1")
            .help("New recordings (clean variant, all classes) needed before the divergences are gated: on"
                    + " fewer, they are measured and reported but do not fail the stage.");

    static final Settings<ValidateConfig> SETTINGS = new Settings<>(
            "spira.validate",
            "The validate stage's data-quality gate: how far the recordings featurized since a model version's"
                    + " training may drift from those it learned from, and how many may fail ingest's checks."
                    + " Exceeding a limit, or a broken table invariant, exits with status 3.",
            List.of(MAX_COEFFICIENT_JSD, MAX_CATEGORICAL_JSD, MIN_QUALITY_PASS_RATE, MIN_NEW_RECORDINGS));

    static ValidateConfig from(Config c) {
        return new ValidateConfig(
                MAX_COEFFICIENT_JSD.read(c),
                MAX_CATEGORICAL_JSD.read(c),
                MIN_QUALITY_PASS_RATE.read(c),
                MIN_NEW_RECORDINGS.read(c));
    }

    /** The settings as the MLflow params of a validate run. */
    public Map<String, Object> params() {
        return SETTINGS.params(this);
    }

    private static Setting<ValidateConfig, Double> divergence(
            String key, double defaultValue, Function<ValidateConfig, Double> resolved, String help) {
        return Setting.of(key, Type.DOUBLE, defaultValue, resolved)
                .rule(d -> d > 0 && d <= 1, "a divergence in (0, 1]")
                .help(help);
    }
}
