package org.spira.pipeline.evaluate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the {@link PromotionRule} decided for one evaluated version, recorded as tags on the
 * version and on the evaluate run, and in the stage's JSON summary.
 *
 * @param promoted whether the alias moved to the candidate
 * @param reason why, in plain words
 * @param metric the compared metric
 * @param margin the required improvement
 * @param alias the champion alias
 * @param candidate the candidate's value; empty when undefined
 * @param champion the champion's value; empty when there is no champion or it has no value
 * @param championVersion the version that held the alias before the decision
 */
@JsonPropertyOrder({"decision", "reason", "metric", "margin", "alias", "candidate", "champion", "champion_version"})
public record PromotionDecision(
        boolean promoted,
        @JsonProperty("reason") String reason,
        @JsonProperty("metric") String metric,
        @JsonProperty("margin") double margin,
        @JsonProperty("alias") String alias,
        OptionalDouble candidate,
        OptionalDouble champion,
        Optional<Long> championVersion) {

    /** "promoted" or "kept". */
    @JsonProperty("decision")
    public String outcome() {
        return promoted ? "promoted" : "kept";
    }

    /** The candidate's value; null when undefined. */
    @JsonProperty("candidate")
    public Double candidateValue() {
        return candidate.isPresent() ? candidate.getAsDouble() : null;
    }

    /** The champion's value; null when there is no champion or it has no value. */
    @JsonProperty("champion")
    public Double championValue() {
        return champion.isPresent() ? champion.getAsDouble() : null;
    }

    /** The version that held the alias before the decision; null when none did. */
    @JsonProperty("champion_version")
    public Long championVersionNumber() {
        return championVersion.orElse(null);
    }

    /** The decision as {@code spira.promotion.*} tags; absent values are "none". */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("spira.promotion.decision", outcome());
        tags.put("spira.promotion.reason", reason);
        tags.put("spira.promotion.metric", metric);
        tags.put("spira.promotion.margin", Double.toString(margin));
        tags.put("spira.promotion.alias", alias);
        tags.put("spira.promotion.candidate_value", text(candidate));
        tags.put("spira.promotion.champion_value", text(champion));
        tags.put(
                "spira.promotion.champion_version",
                championVersion.map(String::valueOf).orElse("none"));
        return tags;
    }

    private static String text(OptionalDouble value) {
        return value.isPresent() ? Double.toString(value.getAsDouble()) : "none";
    }
}
