package org.spira.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The empirical ROC curve: one point (false positive rate, true positive rate) per distinct
 * score, taken as threshold from the highest score down, starting at (0, 0) and ending at
 * (1, 1). Tied scores move both rates at once, so the polyline's trapezoid area is exactly
 * the Mann-Whitney AUC with ties counted 1/2.
 *
 * @param points the curve's vertices, rates in [0, 1], both non-decreasing
 */
public record RocCurve(List<Point> points) {

    /** A vertex of the curve. */
    public record Point(double falsePositiveRate, double truePositiveRate) {}

    public RocCurve {
        points = List.copyOf(points);
    }

    /** The curve of these items, or empty when one class is absent (no curve exists). */
    static Optional<RocCurve> of(ScoredSet items) {
        double[] patients = items.scoresOf(Labels.PATIENT);
        double[] controls = items.scoresOf(Labels.CONTROL);
        if (patients.length == 0 || controls.length == 0) {
            return Optional.empty();
        }
        double[] sortedPatients = descending(patients);
        double[] sortedControls = descending(controls);
        List<Point> points = new ArrayList<>();
        points.add(new Point(0, 0));
        int tp = 0;
        int fp = 0;
        while (tp < sortedPatients.length || fp < sortedControls.length) {
            double threshold = Math.max(next(sortedPatients, tp), next(sortedControls, fp));
            while (tp < sortedPatients.length && sortedPatients[tp] == threshold) {
                tp++;
            }
            while (fp < sortedControls.length && sortedControls[fp] == threshold) {
                fp++;
            }
            points.add(new Point((double) fp / controls.length, (double) tp / patients.length));
        }
        return Optional.of(new RocCurve(points));
    }

    /** Trapezoid area under the polyline, in [0, 1]. */
    public double area() {
        double area = 0;
        for (int k = 1; k < points.size(); k++) {
            Point a = points.get(k - 1);
            Point b = points.get(k);
            area += (b.falsePositiveRate() - a.falsePositiveRate()) * (a.truePositiveRate() + b.truePositiveRate()) / 2;
        }
        return area;
    }

    private static double next(double[] sortedDescending, int position) {
        return position < sortedDescending.length ? sortedDescending[position] : Double.NEGATIVE_INFINITY;
    }

    private static double[] descending(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0, j = sorted.length - 1; i < j; i++, j--) {
            double t = sorted[i];
            sorted[i] = sorted[j];
            sorted[j] = t;
        }
        return sorted;
    }
}
