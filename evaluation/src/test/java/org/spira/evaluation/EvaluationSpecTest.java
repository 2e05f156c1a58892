package org.spira.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class EvaluationSpecTest {

    @Test
    void defaultsAreSpiras() {
        EvaluationSpec spec = EvaluationSpec.defaults();
        assertEquals(0.5, spec.threshold());
        assertTrue(spec.predictsPatient(0.5));
        assertTrue(!spec.predictsPatient(Math.nextDown(0.5)));
    }

    @Test
    void invalidSettingsNameTheKeyAndTheFix() {
        assertMessage(() -> new EvaluationSpec(1.0, 2000, 1, AgeBands.standard()), "EvaluationSpec.threshold = 1.0");
        assertMessage(() -> new EvaluationSpec(Double.NaN, 2000, 1, AgeBands.standard()), "threshold = NaN");
        assertMessage(() -> new EvaluationSpec(0.5, 10, 1, AgeBands.standard()), "bootstrapReplicates = 10");
        assertMessage(() -> new AgeBands(List.of(30, 30)), "strictly increasing");
        assertMessage(() -> new AgeBands(List.of()), "at least one lower bound");
        assertMessage(() -> new AgeBands(List.of(0)), "bounds[0] = 0");
    }

    @Test
    void ageBandsLabelEveryAge() {
        AgeBands bands = AgeBands.standard();
        assertEquals(List.of("<30", "30-44", "45-59", ">=60", "unknown"), bands.labels());
        assertEquals("<30", bands.bandOf(OptionalInt.of(29)));
        assertEquals("30-44", bands.bandOf(OptionalInt.of(30)));
        assertEquals("45-59", bands.bandOf(OptionalInt.of(59)));
        assertEquals(">=60", bands.bandOf(OptionalInt.of(60)));
        assertEquals("unknown", bands.bandOf(OptionalInt.empty()));
        assertEquals(List.of("<18", ">=18", "unknown"), new AgeBands(List.of(18)).labels());
    }

    @Test
    void invalidPredictionsAndAttributesAreRejected() {
        assertMessage(() -> new WindowPrediction("r", 0, 2, 0.5), "label = 2");
        assertMessage(() -> new WindowPrediction("r", 0, 1, Double.NaN), "probability = NaN");
        assertMessage(() -> new WindowPrediction("r", 0, 1, 1.5), "probability = 1.5");
        assertMessage(() -> new WindowPrediction(" ", 0, 1, 0.5), "recordingId is blank");
        assertMessage(() -> new WindowPrediction("r", -1, 1, 0.5), "windowIndex = -1");
        assertMessage(() -> RecordingAttributes.of("r", "f", 200, null), "ageYears = 200");
    }

    private static void assertMessage(Executable invalid, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, invalid);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
