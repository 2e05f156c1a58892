package org.spira.evaluation;

import java.util.List;
import java.util.Optional;

/**
 * The evaluation of one model under one test condition: overall metrics per window and per
 * recording, the same per slice, and the ROC curves. It holds no recording or subject ids.
 * {@link ReportJson} and {@link ReportMarkdown} serialise it; {@link ConfusionMatrixChart}
 * and {@link RocChart} draw it.
 *
 * @param condition the test condition, e.g. "clean" or "noisy_controls"
 * @param spec the settings the metrics were computed with
 * @param windows metrics over all windows
 * @param recordings metrics over all recordings (mean window probability)
 * @param slices per sex, age band and source, in a fixed order
 * @param windowRoc ROC curve over windows; empty when a class is absent
 * @param recordingRoc ROC curve over recordings; empty when a class is absent
 */
public record EvaluationReport(
        String condition,
        EvaluationSpec spec,
        LevelMetrics windows,
        LevelMetrics recordings,
        List<Slice> slices,
        Optional<RocCurve> windowRoc,
        Optional<RocCurve> recordingRoc) {

    public EvaluationReport {
        slices = List.copyOf(slices);
    }
}
