package org.spira.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Markdown summary of an {@link EvaluationReport}: one table per level, one table of
 * per-recording slice metrics, then the reasons behind every "undefined" or missing interval
 * and the degenerate-case notes. Numbers use three decimals and a decimal point whatever the
 * default locale.
 */
public final class ReportMarkdown {
    private static final String HEADER =
            "| n | patients | controls | accuracy | F1 | sensitivity | specificity | ROC AUC |";
    private static final String RULE = "|---|---|---|---|---|---|---|---|";

    private final List<String> footnotes = new ArrayList<>();

    private ReportMarkdown() {}

    public static String toMarkdown(EvaluationReport report) {
        return new ReportMarkdown().render(report);
    }

    private String render(EvaluationReport report) {
        StringBuilder md = new StringBuilder();
        md.append("## Evaluation: ").append(report.condition()).append("\n\n");
        md.append(methods(report.spec())).append("\n\n");
        md.append("| level ").append(HEADER).append('\n');
        md.append("|---").append(RULE).append('\n');
        md.append(row("recording", "recording", report.recordings())).append('\n');
        md.append(row("window", "window", report.windows())).append("\n\n");
        md.append(Level.RECORDING.intervalNote()).append(' ').append(Level.WINDOW.intervalNote());
        md.append("\n\n### Slices (per recording)\n\n");
        md.append("| slice | value ").append(HEADER).append('\n');
        md.append("|---|---").append(RULE).append('\n');
        for (Slice s : report.slices()) {
            md.append(row(s.dimension() + " | " + s.value(), s.dimension() + " " + s.value(), s.recordings()))
                    .append('\n');
        }
        if (!footnotes.isEmpty()) {
            md.append("\n### Notes\n\n");
            footnotes.forEach(f -> md.append("- ").append(f).append('\n'));
        }
        return md.toString();
    }

    private static String methods(EvaluationSpec spec) {
        return String.format(
                Locale.ROOT,
                "A recording is predicted patient when the mean of its windows' probabilities is >= %s."
                        + " 95 %% intervals: Wilson score (accuracy, sensitivity, specificity),"
                        + " stratified percentile bootstrap with %d replicates, seed %d (F1), DeLong (ROC AUC).",
                spec.threshold(),
                spec.bootstrapReplicates(),
                spec.bootstrapSeed());
    }

    /** A table row; {@code name} is how footnotes refer to it. */
    private String row(String leadingCells, String name, LevelMetrics m) {
        ConfusionMatrix cm = m.confusion();
        String where = name + " (" + m.level().key() + "s)";
        m.notes().forEach(n -> footnotes.add(where + ": " + n));
        return String.format(
                Locale.ROOT,
                "| %s | %d | %d | %d | %s | %s | %s | %s | %s |",
                leadingCells,
                cm.total(),
                cm.positives(),
                cm.negatives(),
                cell(where, "accuracy", m.accuracy()),
                cell(where, "F1", m.f1()),
                cell(where, "sensitivity", m.sensitivity()),
                cell(where, "specificity", m.specificity()),
                cell(where, "ROC AUC", m.auc()));
    }

    private String cell(String where, String metric, Estimate estimate) {
        if (estimate instanceof Estimate.Undefined u) {
            footnotes.add(where + ", " + metric + ": " + u.reason());
            return "undefined";
        }
        Estimate.Defined d = (Estimate.Defined) estimate;
        if (d.interval() instanceof ConfidenceInterval.Unavailable u) {
            footnotes.add(where + ", " + metric + " interval: " + u.reason());
            return decimal(d.value()) + " [no interval]";
        }
        ConfidenceInterval.Bounds b = (ConfidenceInterval.Bounds) d.interval();
        return decimal(d.value()) + " [" + decimal(b.lower()) + ", " + decimal(b.upper()) + "]";
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
