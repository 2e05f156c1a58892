package org.spira.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-recording rule that evaluate, score and spira-predict share: the mean of the windows'
 * probabilities in window order, and the threshold that decides the class.
 */
class RecordingRuleTest {

    @Test
    void aRecordingsProbabilityIsTheMeanOfItsWindowsInWindowOrder() {
        assertEquals(0.5, RecordingProbability.mean(new double[] {0.25, 0.75}));
        assertEquals(0.3, RecordingProbability.mean(new double[] {0.3}));
        // summed left to right, as the aggregator of the metrics does: (0.1 + 0.2) + 0.3, not 0.1 + (0.2 + 0.3)
        assertEquals(((0.1 + 0.2) + 0.3) / 3, RecordingProbability.mean(new double[] {0.1, 0.2, 0.3}));
        assertEquals(1.0, RecordingProbability.mean(new double[] {1.0, 1.0, 1.0}));
        IllegalArgumentException none =
                assertThrows(IllegalArgumentException.class, () -> RecordingProbability.mean(new double[0]));
        assertTrue(none.getMessage().contains("too_short"), none.getMessage());
    }

    @Test
    void theMetricsAggregateWithTheSameMean() {
        List<WindowPrediction> windows = List.of(
                new WindowPrediction("r", 2, 1, 0.3),
                new WindowPrediction("r", 0, 1, 0.1),
                new WindowPrediction("r", 1, 1, 0.2));
        RecordingScore score = RecordingAggregator.aggregate(windows).get(0);
        assertEquals(RecordingProbability.mean(new double[] {0.1, 0.2, 0.3}), score.meanProbability());
        assertEquals(
                List.of(0, 1, 2),
                score.windows().stream().map(WindowPrediction::windowIndex).toList());
    }

    @Test
    void aProbabilityAtTheThresholdIsAPatient() {
        DecisionThreshold spira = DecisionThreshold.SPIRA;
        assertEquals(0.5, spira.value());
        assertTrue(spira.predictsPatient(0.5));
        assertFalse(spira.predictsPatient(Math.nextDown(0.5)));
        assertEquals(1, spira.predictedLabel(0.5));
        assertEquals(0, spira.predictedLabel(0.49));
        assertEquals(spira, EvaluationSpec.defaults().decision());
    }

    @Test
    void aThresholdIsAProbabilityStrictlyBetweenZeroAndOne() {
        for (double bad : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DecisionThreshold(bad));
            assertTrue(e.getMessage().contains("strictly between 0 and 1"), e.getMessage());
        }
    }
}
