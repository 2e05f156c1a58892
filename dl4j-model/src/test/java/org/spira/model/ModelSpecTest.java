package org.spira.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** ModelSpec and OptimizerSpec reject invalid values with messages that name them and the fix. */
class ModelSpecTest {

    @Test
    void thePaperSettingIsSpiraMdSectionsFiveAndSix() {
        ModelSpec spec = ModelSpec.paper();
        assertEquals(Architecture.V2, spec.architecture());
        assertEquals(401, spec.frames());
        assertEquals(40, spec.coefficients());
        assertEquals(0.7, spec.dropout());
        assertEquals(new OptimizerSpec(1e-3, 0.9, 0.999, 1e-8, 0.01, 1000), spec.optimizer());
        assertEquals(43, spec.convolvedFrames());
    }

    @Test
    void minFramesIsExactlyTheShortestWindowThatLeavesOneFrame() {
        assertEquals(1, ModelSpec.paper().withFrames(ModelSpec.MIN_FRAMES).convolvedFrames());
        assertRejected(() -> ModelSpec.paper().withFrames(ModelSpec.MIN_FRAMES - 1), "frames = 59", "at least 60");
    }

    @Test
    void rejectsOutOfRangeValuesNamingThem() {
        ModelSpec paper = ModelSpec.paper();
        assertRejected(() -> paper.withDropout(1.0), "dropout = 1.0", "[0, 1)");
        assertRejected(() -> paper.withDropout(-0.1), "dropout = -0.1", "drop probability");
        assertRejected(
                () -> new ModelSpec(Architecture.V2, 401, 0, 0.7, 42, OptimizerSpec.paper()), "coefficients = 0");
        assertRejected(() -> OptimizerSpec.paper().withSchedule(0, 1000), "learningRate = 0.0");
        assertRejected(() -> OptimizerSpec.paper().withSchedule(1e-3, 0), "warmupSteps = 0");
        assertRejected(() -> new OptimizerSpec(1e-3, 1.0, 0.999, 1e-8, 0.01, 1000), "beta1 = 1.0");
        assertRejected(() -> new OptimizerSpec(1e-3, 0.9, 0.999, 0, 0.01, 1000), "epsilon = 0.0");
        assertRejected(() -> new OptimizerSpec(1e-3, 0.9, 0.999, 1e-8, Double.NaN, 1000), "weightDecay = NaN");
    }

    private static void assertRejected(Executable build, String... fragments) {
        InvalidModelSpecException error = assertThrows(InvalidModelSpecException.class, build);
        for (String fragment : fragments) {
            assertTrue(error.getMessage().contains(fragment), error.getMessage());
        }
        assertTrue(error.getMessage().startsWith("ModelSpec."), error.getMessage());
    }
}
