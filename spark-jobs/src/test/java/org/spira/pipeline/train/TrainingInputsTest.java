package org.spira.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.spira.pipeline.config.ConfigException;

class TrainingInputsTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @Test
    void theOnlyFeatureVersionIsTakenWhenNoneIsConfigured() {
        assertEquals(A, TrainingInputs.chooseFeatureVersion(List.of(A), Optional.empty(), 3));
        assertEquals(B, TrainingInputs.chooseFeatureVersion(List.of(A, B), Optional.of(B), 3));
    }

    @Test
    void severalVersionsAndNoneConfiguredFailNamingTheKey() {
        ConfigException several = assertThrows(
                ConfigException.class, () -> TrainingInputs.chooseFeatureVersion(List.of(A, B), Optional.empty(), 3));
        assertTrue(several.getMessage().contains("spira.train.feature-version"), several.getMessage());
        assertTrue(several.getMessage().contains(A) && several.getMessage().contains(B), several.getMessage());
        ConfigException absent = assertThrows(
                ConfigException.class, () -> TrainingInputs.chooseFeatureVersion(List.of(A), Optional.of(B), 3));
        assertTrue(absent.getMessage().startsWith("spira.train.feature-version = " + B), absent.getMessage());
        ConfigException empty = assertThrows(
                ConfigException.class, () -> TrainingInputs.chooseFeatureVersion(List.of(), Optional.empty(), 0));
        assertTrue(empty.getMessage().contains("no feature rows"), empty.getMessage());
    }

    @Test
    void theSourceIsStreamedExactlyWhenTheEstimateExceedsTheBudget() {
        long bytes = FeatureWindows.estimatedBytes(100, org.spira.model.train.WindowShape.SPIRA);
        assertEquals(100L * 401 * 40 * 4, bytes);
        assertEquals(FeatureWindows.Mode.IN_MEMORY, FeatureWindows.choose(bytes, bytes));
        assertEquals(FeatureWindows.Mode.SPARK_STREAMED, FeatureWindows.choose(bytes + 1, bytes));
    }
}
