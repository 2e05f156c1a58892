package org.spira.evaluation;

import java.util.List;

/**
 * Every metric of one level (windows or recordings) of one set of predictions. Proportions
 * and AUC are in [0, 1]; each comes with a 95 % interval or the reason it is undefined.
 *
 * @param level what one item is
 * @param confusion counts at the evaluation threshold
 * @param accuracy correct / items, Wilson interval
 * @param f1 F1 of the patient class, stratified percentile bootstrap interval
 * @param sensitivity recall of patients TP / (TP + FN), Wilson interval
 * @param specificity recall of controls TN / (TN + FP), Wilson interval
 * @param auc ROC AUC (Mann-Whitney, ties 1/2), DeLong interval
 * @param notes degenerate situations worth a reader's attention, in plain words
 */
public record LevelMetrics(
        Level level,
        ConfusionMatrix confusion,
        Estimate accuracy,
        Estimate f1,
        Estimate sensitivity,
        Estimate specificity,
        Estimate auc,
        List<String> notes) {

    public LevelMetrics {
        notes = List.copyOf(notes);
    }
}
