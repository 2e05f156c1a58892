package org.spira.pipeline.evaluate;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.spira.pipeline.config.EvaluateConfig.Promotion;

/**
 * When the champion alias moves to a newly evaluated model version ({@code
 * spira.evaluate.promotion}): when no version holds the alias, or when the candidate's {@code
 * metric} is at least the champion's plus its {@code margin}. Higher is better for every metric.
 * Both are scored in the same evaluate run on the candidate's test set (the same recordings,
 * windows and noise draws), so the comparison never mixes numbers measured on different tables;
 * the value a champion scored on its own test set ({@link #tag(String)}) is not used.
 *
 * @param settings the metric, margin and alias ({@link Promotion})
 */
public record PromotionRule(Promotion settings) {
    /** Prefix of the model-version tags holding the metrics of its latest evaluation. */
    public static final String TAG_PREFIX = "spira.eval.";

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
        String metric = settings.metric();
        String alias = settings.alias();
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
        Champion holder = champion.get();
        if (holder.version() == candidate) {
            return decision(false, "the candidate already holds the alias " + alias, value, champion, value);
        }
        if (value.isEmpty()) {
            return decision(
                    false, "the candidate's " + metric + " is undefined", value, champion, OptionalDouble.empty());
        }
        if (holder.notScored().isPresent()) {
            return decision(
                    false,
                    "the champion could not be scored on the candidate's test set: "
                            + holder.notScored().get(),
                    value,
                    champion,
                    OptionalDouble.empty());
        }
        OptionalDouble held = holder.value(metric);
        if (held.isEmpty()) {
            return decision(
                    false,
                    "the champion's " + metric + " is undefined on the candidate's test set",
                    value,
                    champion,
                    held);
        }
        boolean beats = value.getAsDouble() >= held.getAsDouble() + settings.margin();
        String reason = beats
                ? "the candidate's " + metric + " is at least the champion's plus the margin (both on the"
                        + " candidate's test set)"
                : "the candidate's " + metric + " is below the champion's plus the margin (both on the"
                        + " candidate's test set)";
        return decision(beats, reason, value, champion, held);
    }

    private PromotionDecision decision(
            boolean promoted,
            String reason,
            OptionalDouble candidate,
            Optional<Champion> champion,
            OptionalDouble championValue) {
        return new PromotionDecision(
                promoted,
                reason,
                settings.metric(),
                settings.margin(),
                settings.alias(),
                candidate,
                championValue,
                champion.map(Champion::version));
    }

    /**
     * The version holding the alias, scored by the same evaluate run on the candidate's test set.
     *
     * @param version the champion's version number
     * @param metrics its flattened metrics there ({@link ReportMetrics}); an undefined one is missing
     * @param notScored why it could not be scored there (then {@code metrics} is empty)
     */
    public record Champion(long version, Map<String, Double> metrics, Optional<String> notScored) {
        public Champion {
            metrics = Map.copyOf(metrics);
        }

        public static Champion scored(long version, Map<String, Double> metrics) {
            return new Champion(version, metrics, Optional.empty());
        }

        public static Champion notScored(long version, String why) {
            return new Champion(version, Map.of(), Optional.of(why));
        }

        OptionalDouble value(String metric) {
            Double value = metrics.get(metric);
            return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
        }
    }
}
