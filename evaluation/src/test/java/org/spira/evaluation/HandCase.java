package org.spira.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Six recordings whose every metric is derived by hand in {@link EvaluatorTest}. Threshold
 * 0.5, inclusive. Ids are opaque stand-ins for content hashes. Every mean is exact in binary
 * floating point (r2's 0.4 equals r6's), so the tie between r2 and r6 is a real one.
 *
 * <pre>
 * rec  label    window probabilities  mean  predicted  sex      age  source
 * r1   patient  0.9 0.7               0.8   patient    female   25   A
 * r2   patient  0.6 0.2               0.4   control    female   50   A
 * r3   patient  0.5                   0.5   patient    male     -    B
 * r4   control  0.1 0.3               0.2   control    male     70   -
 * r5   control  0.8 0.6               0.7   patient    -        -    -   (no attribute row)
 * r6   control  0.4                   0.4   control    "Female " 31  A
 * </pre>
 */
final class HandCase {
    private HandCase() {}

    static List<WindowPrediction> windows() {
        List<WindowPrediction> windows = new ArrayList<>();
        add(windows, "r1", 1, 0.9, 0.7);
        add(windows, "r2", 1, 0.6, 0.2);
        add(windows, "r3", 1, 0.5);
        add(windows, "r4", 0, 0.1, 0.3);
        add(windows, "r5", 0, 0.8, 0.6);
        add(windows, "r6", 0, 0.4);
        return windows;
    }

    static List<RecordingAttributes> attributes() {
        return List.of(
                RecordingAttributes.of("r1", "female", 25, "A"),
                RecordingAttributes.of("r2", "female", 50, "A"),
                RecordingAttributes.of("r3", "male", null, "B"),
                RecordingAttributes.of("r4", "male", 70, " "),
                RecordingAttributes.of("r6", "Female ", 31, "A"));
    }

    static EvaluationReport report() {
        return new Evaluator(EvaluationSpec.defaults()).evaluate("clean", windows(), attributes());
    }

    static void add(List<WindowPrediction> windows, String id, int label, double... probabilities) {
        for (int k = 0; k < probabilities.length; k++) {
            windows.add(new WindowPrediction(id, k, label, probabilities[k]));
        }
    }
}
