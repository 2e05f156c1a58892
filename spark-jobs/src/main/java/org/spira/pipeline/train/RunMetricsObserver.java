package org.spira.pipeline.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spira.model.train.ConditionScore;
import org.spira.model.train.EpochReport;
import org.spira.model.train.TrainingObserver;
import org.spira.pipeline.tracking.TrackedRun;

/**
 * Logs every epoch to the MLflow run with step = epoch: {@code train_loss}, {@code val_loss},
 * {@code val_accuracy}, {@code learning_rate}, the loss and accuracy of each validation condition
 * ({@code val_loss.clean}, {@code val_accuracy.noisy_controls}, ...), and the epoch's duration.
 */
public final class RunMetricsObserver implements TrainingObserver {
    private static final Logger LOG = LoggerFactory.getLogger(RunMetricsObserver.class);

    private final TrackedRun run;

    public RunMetricsObserver(TrackedRun run) {
        this.run = run;
    }

    @Override
    public void onEpoch(EpochReport report) {
        run.logMetrics(metrics(report), report.epoch());
        LOG.info(String.format(
                Locale.ROOT,
                "epoch %d: train loss %.5f, validation loss %.5f, accuracy %.4f, learning rate %.3g%s",
                report.epoch(),
                report.trainLoss(),
                report.validationLoss(),
                report.validationAccuracy(),
                report.learningRate(),
                report.best() ? " (best so far)" : ""));
    }

    /** The metrics of one epoch; non-finite values (a learning rate DL4J does not report) are left out. */
    static Map<String, Double> metrics(EpochReport report) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("train_loss", report.trainLoss());
        metrics.put("val_loss", report.validationLoss());
        metrics.put("val_accuracy", report.validationAccuracy());
        metrics.put("learning_rate", report.learningRate());
        metrics.put("epoch_seconds", report.duration().toMillis() / 1000.0);
        for (ConditionScore score : report.validation().conditions()) {
            String condition = score.condition().name().toLowerCase(Locale.ROOT);
            metrics.put("val_loss." + condition, score.loss());
            metrics.put("val_accuracy." + condition, score.accuracy());
        }
        metrics.values().removeIf(v -> !Double.isFinite(v));
        return metrics;
    }
}
