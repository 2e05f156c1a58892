package org.spira.pipeline.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.spira.pipeline.config.EvaluateConfig.Promotion;
import org.spira.pipeline.evaluate.PromotionRule.Champion;

/** The champion rule as a pure function; values are binary fractions so sums are exact. */
class PromotionRuleTest {
    private static final String METRIC = "noisy_controls.recording.accuracy";
    private static final PromotionRule RULE = new PromotionRule(new Promotion(METRIC, 0.125, "champion"));

    private static Map<String, Double> scored(double value) {
        return Map.of(METRIC, value, "clean.recording.accuracy", 0.5);
    }

    /** A champion as the evaluate run scored it on the candidate's test set. */
    private static Optional<Champion> champion(long version, double value) {
        return Optional.of(Champion.scored(version, Map.of(METRIC, value, "clean.recording.f1", 0.25)));
    }

    @Test
    void theFirstEvaluatedVersionBecomesChampion() {
        PromotionDecision decision = RULE.decide(1, scored(0.25), Optional.empty());
        assertTrue(decision.promoted());
        assertEquals(OptionalDouble.of(0.25), decision.candidate());
        assertEquals(OptionalDouble.empty(), decision.champion());
        assertEquals(Optional.empty(), decision.championVersion());
        assertEquals("none", decision.tags().get("spira.promotion.champion_version"));
    }

    @Test
    void aCandidateBeatingTheChampionByTheMarginIsPromotedAndOneBelowIsNot() {
        PromotionDecision exactly = RULE.decide(5, scored(0.875), champion(3, 0.75));
        assertTrue(exactly.promoted(), exactly.reason());
        assertEquals(OptionalDouble.of(0.75), exactly.champion());
        assertEquals(Optional.of(3L), exactly.championVersion());

        PromotionDecision short1 = RULE.decide(5, scored(0.8125), champion(3, 0.75));
        assertFalse(short1.promoted(), short1.reason());
        assertEquals(
                Map.of(
                        "spira.promotion.decision", "kept",
                        "spira.promotion.reason", short1.reason(),
                        "spira.promotion.metric", METRIC,
                        "spira.promotion.margin", "0.125",
                        "spira.promotion.alias", "champion",
                        "spira.promotion.candidate_value", "0.8125",
                        "spira.promotion.champion_value", "0.75",
                        "spira.promotion.champion_version", "3"),
                short1.tags());
    }

    @Test
    void aBetterChampionIsKeptEvenWithoutMargin() {
        PromotionRule noMargin = new PromotionRule(new Promotion(METRIC, 0, "champion"));
        assertTrue(noMargin.decide(2, scored(0.5), champion(1, 0.5)).promoted(), "ties promote at margin 0");
        assertFalse(noMargin.decide(2, scored(0.5), champion(1, 0.625)).promoted());
    }

    @Test
    void anUndefinedCandidateMetricNeverPromotes() {
        PromotionDecision none = RULE.decide(1, Map.of("clean.recording.accuracy", 0.5), Optional.empty());
        assertFalse(none.promoted());
        assertEquals("none", none.tags().get("spira.promotion.candidate_value"));
        assertFalse(RULE.decide(2, Map.of(), champion(1, 0.25)).promoted());
    }

    @Test
    void aChampionThatCouldNotBeScoredOnTheCandidatesTestSetIsKeptAndTheReasonSaysWhy() {
        PromotionDecision decision = RULE.decide(
                2, scored(1.0), Optional.of(Champion.notScored(1, "3 test recordings have no clean windows")));
        assertFalse(decision.promoted());
        assertEquals(OptionalDouble.empty(), decision.champion());
        assertEquals(Optional.of(1L), decision.championVersion());
        assertTrue(decision.reason().contains("could not be scored"), decision.reason());
        assertTrue(decision.reason().contains("3 test recordings have no clean windows"), decision.reason());
    }

    @Test
    void aChampionWhoseMetricIsUndefinedOnTheCandidatesTestSetIsKept() {
        PromotionDecision decision =
                RULE.decide(2, scored(1.0), Optional.of(Champion.scored(1, Map.of("clean.recording.f1", 0.5))));
        assertFalse(decision.promoted());
        assertEquals(OptionalDouble.empty(), decision.champion());
        assertTrue(decision.reason().contains("undefined on the candidate's test set"), decision.reason());
    }

    @Test
    void reEvaluatingTheChampionKeepsIt() {
        PromotionDecision decision = RULE.decide(4, scored(0.125), champion(4, 0.875));
        assertFalse(decision.promoted());
        assertTrue(decision.reason().contains("already"), decision.reason());
    }
}
