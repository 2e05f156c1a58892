package org.spira.pipeline.config;

import com.typesafe.config.Config;
import java.util.List;
import java.util.function.Function;
import org.spira.pipeline.config.Setting.Type;

/**
 * Settings of the split stage ({@code spira.split}): subject fractions per split, and the seed of
 * the hash order.
 */
public record SplitConfig(double train, double validation, double test, long seed) {
    static final Setting<SplitConfig, Double> TRAIN =
            fraction("spira.split.train", 0.8, SplitConfig::train, "Fraction of the subjects in the train split.");
    static final Setting<SplitConfig, Double> VALIDATION = fraction(
            "spira.split.validation",
            0.1,
            SplitConfig::validation,
            "Fraction of the subjects in the validation split.");
    static final Setting<SplitConfig, Double> TEST =
            fraction("spira.split.test", 0.1, SplitConfig::test, "Fraction of the subjects in the test split.");
    static final Setting<SplitConfig, Long> SEED = Setting.of("spira.split.seed", Type.LONG, 42L, SplitConfig::seed)
            .help("Seed of the hash order in which new subjects are assigned.");

    static final Settings<SplitConfig> SETTINGS = new Settings<>(
            "spira.split",
            "The split stage: subject-level fractions of the train, validation and test splits, which must add up"
                    + " to 1. Each new subject goes, in a seeded hash order, to the split of its class that is"
                    + " furthest below its fraction; a subject already assigned never moves.",
            List.of(TRAIN, VALIDATION, TEST, SEED));

    public SplitConfig {
        if (Math.abs(train + validation + test - 1) > 1e-9) {
            throw ConfigException.invalid(
                    "spira.split.train + validation + test", train + validation + test, "fractions that add up to 1");
        }
    }

    static SplitConfig from(Config c) {
        return new SplitConfig(TRAIN.read(c), VALIDATION.read(c), TEST.read(c), SEED.read(c));
    }

    private static Setting<SplitConfig, Double> fraction(
            String key, double defaultValue, Function<SplitConfig, Double> resolved, String help) {
        return Setting.of(key, Type.DOUBLE, defaultValue, resolved)
                .rule(f -> f >= 0 && f <= 1, "a fraction in [0, 1]")
                .help(help);
    }
}
