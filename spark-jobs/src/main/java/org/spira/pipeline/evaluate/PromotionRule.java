package org.spira.pipeline.evaluate;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.spira.pipeline.config.ConfigException;

/**
 * When the champion alias moves to a newly evaluated model version ({@code
 * spira.evaluate.promotion}): when no version holds the alias, or when the candidate's {@code
 * metric} is at least the champion's plus {@code margin}. Higher is better for every metric.
 * The champion's value is read from its version tag {@link #tag(String)}, which every evaluate
 * run writes, so versions are compared on what they scored when they were evaluated.
 *
 * @param metric a name from {@link MetricNames}, e.g. {@code noisy_controls.recording.accuracy}
 * @param margin how much better the candidate must be, >= 0, in the metric's unit
 * @param alias the registry alias that marks the champion
 */
public record PromotionRule(String metric, double margin, String alias) {
    /** Prefix of the model-version tags holding the metrics of its latest evaluation. */
    public static final String TAG_PREFIX = "spira.eval.";

    public PromotionRule {
        if (!MetricNames.isKnown(metric)) {
            throw new ConfigException("spira.evaluate.promotion.metric = " + metric
                    + " is invalid: expected a logged metric name such as noisy_controls.recording.accuracy, one of "
                    + MetricNames.known());
        }
        if (!(margin >= 0 && margin <= 1)) {
            throw new ConfigException("spira.evaluate.promotion.margin = " + margin
                    + " is invalid: expected a number in [0, 1] (the metrics are proportions or AUCs)");
        }
        if (!alias.matches("[A-Za-z][A-Za-z0-9_-]{0,254}")) {
            throw new ConfigException("spira.evaluate.promotion.alias = \"" + alias
                    + "\" is invalid: expected a letter, then letters, digits, '_' or '-', e.g. champion");
        }
    }

    /** The model-version tag that holds a metric's value, e.g. {@code spira.eval.clean.recording.f1}. */
    public static String tag(String metric) {
        return TAG_PREFIX + metric;
    }

    /**
     * The decision for {@code candidate}, scored {@code metrics}, against the version currently
     * holding the alias (if any).
     *
     * @param metrics the candidate's flattened metrics; the rule's metric is missing when undefined
     */
    public PromotionDecision decide(long candidate, Map<String, Double> metrics, Optional<Champion> champion) {
        OptionalDouble value =
                Optional.ofNullable(metrics.get(metric)).map(OptionalDouble::of).orElse(OptionalDouble.empty());
        if (champion.isEmpty()) {
            return value.isPresent()
                    ? decision(true, "no version holds the alias " + alias, value, champion, OptionalDouble.empty())
                    : decision(
                            false,
                            "the candidate's " + metric + " is undefined",
                            value,
                            champion,
                            OptionalDouble.empty());
        }
        OptionalDouble held = champion.get().value(metric);
        if (champion.get().version() == candidate) {
            return decision(false, "the candidate already holds the alias " + alias, value, champion, held);
        }
        if (value.isEmpty()) {
            return decision(false, "the candidate's " + metric + " is undefined", value, champion, held);
        }
        if (held.isEmpty()) {
            return decision(
                    false,
                    "the champion has no " + tag(metric) + " tag: evaluate it with this rule first"
                            + " (evaluate --alias " + alias + ")",
                    value,
                    champion,
                    held);
        }
        boolean beats = value.getAsDouble() >= held.getAsDouble() + margin;
        String reason = beats
                ? "the candidate's " + metric + " is at least the champion's plus the margin"
                : "the candidate's " + metric + " is below the champion's plus the margin";
        return decision(beats, reason, value, champion, held);
    }

    private PromotionDecision decision(
            boolean promoted,
            String reason,
            OptionalDouble candidate,
            Optional<Champion> champion,
            OptionalDouble championValue) {
        return new PromotionDecision(
                promoted, reason, metric, margin, alias, candidate, championValue, champion.map(Champion::version));
    }

    /**
     * The version holding the alias, and its tags.
     *
     * @param version the champion's version number
     * @param tags its model-version tags
     */
    public record Champion(long version, Map<String, String> tags) {
        public Champion {
            tags = Map.copyOf(tags);
        }

        /** The metric's value from the champion's tags; empty when missing or not a number in [0, 1]. */
        OptionalDouble value(String metric) {
            String text = tags.get(tag(metric));
            if (text == null) {
                return OptionalDouble.empty();
            }
            try {
                double value = Double.parseDouble(text);
                return value >= 0 && value <= 1 ? OptionalDouble.of(value) : OptionalDouble.empty();
            } catch (NumberFormatException e) {
                return OptionalDouble.empty();
            }
        }
    }
}
