package org.spira.evaluation;

import java.util.ArrayList;
import java.util.List;

/** Computes {@link LevelMetrics} from scored items; pure, deterministic for a given spec. */
final class MetricsCalculator {
    private final EvaluationSpec spec;
    private final StratifiedBootstrap bootstrap;

    MetricsCalculator(EvaluationSpec spec) {
        this.spec = spec;
        this.bootstrap = new StratifiedBootstrap(spec.bootstrapReplicates(), spec.bootstrapSeed());
    }

    LevelMetrics compute(Level level, ScoredSet items) {
        ConfusionMatrix cm = items.confusion(spec);
        String unit = level.key() + "s";
        return new LevelMetrics(
                level,
                cm,
                proportion(cm.correct(), cm.total(), "no " + unit + " to evaluate"),
                f1(items, cm, unit),
                proportion(cm.truePositives(), cm.positives(), "no patient " + unit + ": sensitivity is 0/0"),
                proportion(cm.trueNegatives(), cm.negatives(), "no control " + unit + ": specificity is 0/0"),
                auc(items, cm, unit),
                notes(cm, level.key()));
    }

    private static Estimate proportion(long successes, long trials, String reasonWhenEmpty) {
        if (trials == 0) {
            return new Estimate.Undefined(reasonWhenEmpty);
        }
        return new Estimate.Defined((double) successes / trials, WilsonInterval.of(successes, trials));
    }

    private Estimate f1(ScoredSet items, ConfusionMatrix cm, String unit) {
        if (cm.positives() == 0) {
            // Without patients F1 is 0 or 0/0 whatever the model does: it says nothing.
            return new Estimate.Undefined("no patient " + unit + ": F1 of the patient class is undefined");
        }
        ConfidenceInterval interval = bootstrap.interval(
                items.predictedPatientOf(Labels.PATIENT, spec),
                items.predictedPatientOf(Labels.CONTROL, spec),
                ConfusionMatrix::f1);
        return new Estimate.Defined(cm.f1(), interval);
    }

    private static Estimate auc(ScoredSet items, ConfusionMatrix cm, String unit) {
        if (cm.positives() == 0 || cm.negatives() == 0) {
            String missing = cm.positives() == 0 ? "patient" : "control";
            return new Estimate.Undefined("no " + missing + " " + unit + ": ROC AUC needs both classes");
        }
        return DeLongAuc.estimate(items.scoresOf(Labels.PATIENT), items.scoresOf(Labels.CONTROL));
    }

    private static List<String> notes(ConfusionMatrix cm, String item) {
        List<String> notes = new ArrayList<>();
        if (cm.total() > 0 && cm.predictedPositives() == 0) {
            notes.add("every " + item + " is predicted control: the threshold is above all scores");
        }
        if (cm.total() > 0 && cm.predictedNegatives() == 0) {
            notes.add("every " + item + " is predicted patient: the threshold is at or below all scores");
        }
        return notes;
    }
}
