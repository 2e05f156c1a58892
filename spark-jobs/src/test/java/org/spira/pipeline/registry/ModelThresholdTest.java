package org.spira.pipeline.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spira.evaluation.DecisionThreshold;
import org.spira.pipeline.tracking.ModelVersion;

/** A version is used with the threshold evaluate measured it at, else the caller's default. */
class ModelThresholdTest {
    private static ModelVersion version(Map<String, String> tags) {
        return new ModelVersion("m", 3, "mlflow-artifacts:/1/r/artifacts/model", "r", "READY", tags, List.of());
    }

    @Test
    void theTagEvaluateWroteWins() {
        ModelThreshold threshold =
                ModelThreshold.of(version(Map.of(ModelThreshold.TAG, "0.4")), DecisionThreshold.SPIRA, "default");
        assertEquals(new DecisionThreshold(0.4), threshold.threshold());
        assertEquals("tag spira.eval.threshold of version 3", threshold.source());
    }

    @Test
    void anUnevaluatedVersionTakesTheDefaultAndSaysSo() {
        ModelThreshold threshold =
                ModelThreshold.of(version(Map.of()), DecisionThreshold.SPIRA, "spira.evaluate.threshold");
        assertEquals(DecisionThreshold.SPIRA, threshold.threshold());
        assertEquals("spira.evaluate.threshold (version 3 has no tag spira.eval.threshold)", threshold.source());
    }

    @Test
    void aTagThatIsNoThresholdIsALineageProblemNamingTheFix() {
        for (String bad : new String[] {"1.0", "half", "0"}) {
            LineageException e = assertThrows(
                    LineageException.class,
                    () -> ModelThreshold.of(version(Map.of(ModelThreshold.TAG, bad)), DecisionThreshold.SPIRA, "d"));
            assertTrue(e.getMessage().contains("evaluate the version again"), e.getMessage());
        }
    }
}
