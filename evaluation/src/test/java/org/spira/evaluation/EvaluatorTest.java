package org.spira.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    /**
     * Recordings (see {@link HandCase}): r1 TP, r2 FN (mean 0.4), r3 TP (0.5 >= 0.5), r4 TN,
     * r5 FP (0.7), r6 TN. Accuracy 4/6, sensitivity 2/3, specificity 2/3, F1 = 2*2 / (2*2 +
     * 1 + 1) = 2/3. AUC 13/18 (pairs derived in DeLongAucTest.handDerivedExampleWithATie).
     */
    @Test
    void perRecordingMetricsOfTheHandCase() {
        LevelMetrics m = HandCase.report().recordings();
        assertEquals(new ConfusionMatrix(2, 1, 2, 1), m.confusion());
        assertProportion(4, 6, m.accuracy());
        assertProportion(2, 3, m.sensitivity());
        assertProportion(2, 3, m.specificity());
        assertEquals(2.0 / 3, value(m.f1()), 1e-15);
        assertEquals(13.0 / 18, value(m.auc()), 1e-15);
        assertTrue(m.notes().isEmpty());
    }

    /**
     * Windows: patient windows 0.9 0.7 0.6 0.2 0.5 (>= 0.5: four), control windows 0.1 0.3 0.8
     * 0.6 0.4 (>= 0.5: two). TP 4, FN 1, FP 2, TN 3: accuracy 7/10, sensitivity 4/5,
     * specificity 3/5, F1 = 8 / (8 + 2 + 1) = 8/11. AUC: controls below each patient window
     * (ties 1/2) are 5, 4, 3.5, 1, 3: 16.5 / 25.
     */
    @Test
    void perWindowMetricsOfTheHandCase() {
        LevelMetrics m = HandCase.report().windows();
        assertEquals(new ConfusionMatrix(4, 2, 3, 1), m.confusion());
        assertProportion(7, 10, m.accuracy());
        assertProportion(4, 5, m.sensitivity());
        assertProportion(3, 5, m.specificity());
        assertEquals(8.0 / 11, value(m.f1()), 1e-15);
        assertEquals(16.5 / 25, value(m.auc()), 1e-15);
        assertEquals(Level.WINDOW, m.level());
    }

    /**
     * sex: female {r1, r2, r6} (" Female " normalised), male {r3, r4}, unknown {r5}; age: <30
     * {r1}, 30-44 {r6}, 45-59 {r2}, >=60 {r4}, unknown {r3, r5}; source: A {r1, r2, r6}, B
     * {r3}, unknown {r4 (blank), r5}. Female: r1 TP, r2 FN, r6 TN: accuracy 2/3, sensitivity
     * 1/2, specificity 1/1, AUC: patients {0.8, 0.4} vs control {0.4}: (1 + 1/2) / 2 = 3/4.
     */
    @Test
    void slicesBySexAgeBandAndSource() {
        List<Slice> slices = HandCase.report().slices();
        List<String> keys = slices.stream()
                .map(s -> s.dimension() + ":" + s.value() + ":"
                        + s.recordings().confusion().total())
                .toList();
        assertEquals(
                List.of(
                        "sex:female:3",
                        "sex:male:2",
                        "sex:unknown:1",
                        "age_band:<30:1",
                        "age_band:30-44:1",
                        "age_band:45-59:1",
                        "age_band:>=60:1",
                        "age_band:unknown:2",
                        "source:A:3",
                        "source:B:1",
                        "source:unknown:2"),
                keys);
        Slice female = slices.get(0);
        assertProportion(2, 3, female.recordings().accuracy());
        assertProportion(1, 2, female.recordings().sensitivity());
        assertProportion(1, 1, female.recordings().specificity());
        assertEquals(0.75, value(female.recordings().auc()), 1e-15);
        assertEquals(5, female.windows().confusion().total());
    }

    /** r5 alone: one control, predicted patient. */
    @Test
    void aOneClassSliceSaysWhichMetricsAreUndefinedAndWhy() {
        Slice unknownSex = HandCase.report().slices().get(2);
        LevelMetrics m = unknownSex.recordings();
        assertUndefined(m.sensitivity(), "no patient recordings");
        assertUndefined(m.f1(), "no patient recordings");
        assertUndefined(m.auc(), "no patient recordings");
        assertProportion(0, 1, m.specificity());
        assertEquals(
                List.of("every recording is predicted patient: the threshold is at or below all scores"), m.notes());
    }

    @Test
    void onlyPatientsLeaveSpecificityAndAucUndefined() {
        List<WindowPrediction> windows = new ArrayList<>();
        HandCase.add(windows, "a", 1, 0.9);
        HandCase.add(windows, "b", 1, 0.2);
        LevelMetrics m = evaluate(windows).recordings();
        assertUndefined(m.specificity(), "no control recordings");
        assertUndefined(m.auc(), "no control recordings");
        assertProportion(1, 2, m.sensitivity());
        assertEquals(2.0 / 3, value(m.f1()), 1e-15);
    }

    /** Nothing predicted patient: sensitivity 0, F1 = 0 / (0 + 0 + FN) = 0, a defined zero. */
    @Test
    void allPredictedControlGivesAZeroF1AndANote() {
        List<WindowPrediction> windows = new ArrayList<>();
        HandCase.add(windows, "a", 1, 0.3);
        HandCase.add(windows, "b", 1, 0.2);
        HandCase.add(windows, "c", 0, 0.1);
        LevelMetrics m = evaluate(windows).recordings();
        assertEquals(0.0, value(m.f1()));
        ConfidenceInterval.Bounds f1 = DeLongAucTest.bounds(m.f1());
        assertEquals(0.0, f1.upper());
        assertProportion(0, 2, m.sensitivity());
        assertEquals(List.of("every recording is predicted control: the threshold is above all scores"), m.notes());
    }

    @Test
    void theThresholdIsConfigurable() {
        EvaluationSpec strict = new EvaluationSpec(0.75, 1000, 1L, AgeBands.standard());
        EvaluationReport report = new Evaluator(strict).evaluate("clean", HandCase.windows(), List.of());
        // Means >= 0.75: r1 (0.8) only. TP 1, FN 2, FP 0, TN 3.
        assertEquals(new ConfusionMatrix(1, 0, 3, 2), report.recordings().confusion());
        assertEquals(13.0 / 18, value(report.recordings().auc()), 1e-15, "AUC does not depend on the threshold");
    }

    @Test
    void theReportDoesNotDependOnInputOrder() {
        List<WindowPrediction> shuffled = new ArrayList<>(HandCase.windows());
        Collections.shuffle(shuffled, new Random(5));
        EvaluationReport a = HandCase.report();
        EvaluationReport b =
                new Evaluator(EvaluationSpec.defaults()).evaluate("clean", shuffled, HandCase.attributes());
        assertEquals(ReportJson.toJson(a), ReportJson.toJson(b));
    }

    @Test
    void inconsistentInputFailsWithoutNamingTheRecording() {
        List<WindowPrediction> mixed = new ArrayList<>();
        HandCase.add(mixed, "secret-recording", 1, 0.9);
        mixed.add(new WindowPrediction("secret-recording", 1, 0, 0.1));
        var e = assertThrows(IllegalArgumentException.class, () -> evaluate(mixed));
        assertTrue(e.getMessage().contains("labelled both 0 and 1"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());

        List<WindowPrediction> twice = new ArrayList<>();
        HandCase.add(twice, "secret-recording", 1, 0.9, 0.8);
        twice.add(new WindowPrediction("secret-recording", 1, 1, 0.1));
        e = assertThrows(IllegalArgumentException.class, () -> evaluate(twice));
        assertTrue(e.getMessage().contains("window 1 twice"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> evaluate(List.of()));
    }

    private static EvaluationReport evaluate(List<WindowPrediction> windows) {
        return new Evaluator(EvaluationSpec.defaults()).evaluate("clean", windows, List.of());
    }

    private static double value(Estimate e) {
        return assertInstanceOf(Estimate.Defined.class, e).value();
    }

    private static void assertProportion(long successes, long trials, Estimate e) {
        assertEquals((double) successes / trials, value(e), 1e-15);
        ConfidenceInterval.Bounds expected = WilsonInterval.of(successes, trials);
        assertEquals(expected, DeLongAucTest.bounds(e));
    }

    private static void assertUndefined(Estimate e, String reasonPart) {
        Estimate.Undefined u = assertInstanceOf(Estimate.Undefined.class, e);
        assertTrue(u.reason().contains(reasonPart), u.reason());
    }
}
