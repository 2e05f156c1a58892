package org.spira.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** The Noam schedule against its formula, with SPIRA's base 1e-3 and warmup 1000. */
class NoamScheduleTest {
    private static final double BASE = 1e-3;
    private static final int WARMUP = 1000;
    private final NoamSchedule schedule = OptimizerSpec.paper().schedule();

    @Test
    void followsTheFormulaAtSeveralSteps() {
        // lr(s) = base * w^0.5 * min(s * w^-1.5, s^-0.5): base * s / w while warming up, base * sqrt(w / s) after.
        int[] updates = {1, 2, 10, 500, 999, 1000, 1001, 4000, 250_000};
        for (int k : updates) {
            double expected = k <= WARMUP ? BASE * k / WARMUP : BASE * Math.sqrt((double) WARMUP / k);
            assertEquals(expected, schedule.valueAt(k, 0), 1e-15, "update " + k);
        }
    }

    @Test
    void peaksAtTheBaseRateAtUpdateWarmup() {
        assertEquals(BASE, schedule.valueAt(WARMUP, 0), 1e-18);
        assertTrue(schedule.valueAt(WARMUP - 1, 0) < BASE);
        assertTrue(schedule.valueAt(WARMUP + 1, 0) < BASE);
    }

    @Test
    void theFirstUpdateUsesStepOneNeverARateOfZero() {
        assertEquals(BASE / WARMUP, schedule.valueAt(0, 0), 1e-18, "update 0 uses step 1, as SPIRA's NoamLR");
        assertEquals(schedule.valueAt(1, 0), schedule.valueAt(0, 0), "updates 0 and 1 share step 1");
        assertEquals(2 * BASE / WARMUP, schedule.valueAt(2, 0), 1e-18);
    }

    @Test
    void ignoresTheEpoch() {
        assertEquals(schedule.valueAt(1234, 0), schedule.valueAt(1234, 77));
    }

    @Test
    void survivesJsonAsModelFilesStoreIt() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(schedule);
        assertEquals(schedule, json.readValue(text, org.nd4j.linalg.schedule.ISchedule.class));
    }

    @Test
    void rejectsANonPositiveBaseOrWarmup() {
        assertThrows(ModelException.class, () -> new NoamSchedule(0, WARMUP));
        assertThrows(ModelException.class, () -> new NoamSchedule(BASE, 0));
    }
}
