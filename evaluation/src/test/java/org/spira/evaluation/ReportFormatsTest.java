package org.spira.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON read back by an independent parser (Jackson), and the Markdown table. */
class ReportFormatsTest {
    private static final EvaluationReport REPORT = HandCase.report();

    @Test
    void jsonCarriesEveryMetricUnderStableNames() throws Exception {
        JsonNode root = new ObjectMapper().readTree(ReportJson.toJson(REPORT));
        assertEquals(1, root.get("schema_version").asInt());
        assertEquals("clean", root.get("condition").asText());
        assertEquals(0.5, root.at("/spec/threshold").asDouble());
        assertEquals(2000, root.at("/spec/bootstrap_replicates").asInt());
        JsonNode recordings = root.get("recordings");
        assertEquals("recording", recordings.get("level").asText());
        assertEquals(6, recordings.at("/counts/items").asInt());
        assertEquals(3, recordings.at("/counts/predicted_patients").asInt());
        assertEquals(2, recordings.at("/confusion_matrix/tp").asInt());
        assertEquals(1, recordings.at("/confusion_matrix/fn").asInt());
        // 4/6 with its Wilson bounds [0.29999, 0.90323] (WilsonIntervalTest checks the formula).
        assertEquals(4.0 / 6, recordings.at("/metrics/accuracy/value").asDouble(), 1e-15);
        assertEquals(0.2999933151, recordings.at("/metrics/accuracy/ci95/lower").asDouble(), 1e-9);
        assertEquals(0.9032285889, recordings.at("/metrics/accuracy/ci95/upper").asDouble(), 1e-9);
        assertEquals("wilson", recordings.at("/metrics/accuracy/ci95/method").asText());
        assertEquals("delong", recordings.at("/metrics/roc_auc/ci95/method").asText());
        assertEquals(13.0 / 18, recordings.at("/metrics/roc_auc/value").asDouble(), 1e-15);
        assertEquals(6, root.at("/roc/recordings").size(), "(0,0), four thresholds with one tie, (1,1)");
    }

    @Test
    void undefinedMetricsAreNullWithAReasonNeverNaN() throws Exception {
        String json = ReportJson.toJson(REPORT);
        assertFalse(json.contains("NaN"));
        JsonNode unknownSex = new ObjectMapper().readTree(json).at("/slices/2");
        assertEquals("unknown", unknownSex.get("value").asText());
        JsonNode auc = unknownSex.at("/recordings/metrics/roc_auc");
        assertTrue(auc.get("value").isNull());
        assertTrue(auc.get("ci95").isNull());
        assertTrue(auc.get("undefined").asText().contains("no patient recordings"));
        JsonNode notes = unknownSex.at("/recordings/notes");
        assertEquals(1, notes.size());
    }

    @Test
    void unavailableIntervalsKeepTheValueAndGiveTheReason() throws Exception {
        List<WindowPrediction> separated = new ArrayList<>();
        HandCase.add(separated, "a", 1, 0.9);
        HandCase.add(separated, "b", 1, 0.8);
        HandCase.add(separated, "c", 0, 0.1);
        HandCase.add(separated, "d", 0, 0.2);
        EvaluationReport report =
                new Evaluator(EvaluationSpec.defaults()).evaluate("noisy_controls", separated, List.of());
        JsonNode auc = new ObjectMapper().readTree(ReportJson.toJson(report)).at("/recordings/metrics/roc_auc");
        assertEquals(1.0, auc.get("value").asDouble());
        assertTrue(auc.at("/ci95/lower").isNull());
        assertTrue(auc.at("/ci95/unavailable").asText().contains("variance is 0"));
        String md = ReportMarkdown.toMarkdown(report);
        assertTrue(md.contains("| 1.000 [no interval] |"), md);
        assertTrue(md.contains("- recording (recordings), ROC AUC interval: DeLong's variance is 0"), md);
    }

    /**
     * The summary rows, under the test JVM's pt-BR locale (decimal comma) yet with points.
     * Recording row: accuracy 4/6 Wilson [0.300, 0.903]; sensitivity and specificity 2/3,
     * Wilson(2, 3) = [0.208, 0.939].
     */
    @Test
    void markdownTablesShowValuesAndIntervals() {
        String md = ReportMarkdown.toMarkdown(REPORT);
        assertTrue(md.startsWith("## Evaluation: clean\n"), md);
        String row = md.lines()
                .filter(l -> l.startsWith("| recording |"))
                .findFirst()
                .orElseThrow();
        assertTrue(row.startsWith("| recording | 6 | 3 | 3 | 0.667 [0.300, 0.903] | 0.667 ["), row);
        assertTrue(row.contains("| 0.667 [0.208, 0.939] | 0.667 [0.208, 0.939] | 0.722 [0.235, 1.000] |"), row);
        assertTrue(md.contains("| sex | unknown | 1 | 0 | 1 | 0.000 [0.000, 0.793] | undefined |"), md);
        assertTrue(md.contains("- sex unknown (recordings), F1: no patient recordings"), md);
        assertEquals(
                11,
                md.lines()
                        .filter(l -> l.matches("\\| (sex|age_band|source) \\|.*"))
                        .count());
    }
}
