package org.spira.pipeline.cli;

import java.util.List;
import java.util.Optional;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.tracking.Tracker;
import org.spira.pipeline.train.EpochListener;
import org.spira.pipeline.train.TrainJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code train [--resume RUN_ID]}: a tracked, registered SpiraConvNet from the feature table, and
 * the recordings it learned from in {@code training_membership}.
 */
@Command(
        name = "train",
        description = "Trains SpiraConvNet on the features and splits at pinned versions, tracked in MLflow,"
                + " registers the best checkpoint as a new model version, and adds the recordings it learned from"
                + " to the training_membership table.")
final class TrainCommand extends StageCommand {
    @Option(
            names = "--resume",
            paramLabel = "RUN_ID",
            description = "Reopens this MLflow run and continues from its latest checkpoint.")
    String resume;

    @Override
    List<String> tablesWritten() {
        return TrainJob.TABLES_WRITTEN;
    }

    @Override
    StageJob prepare(PipelineConfig config) {
        String resolved = options.render();
        Tracker tracker = Tracker.connect(config.tracking(), System.getenv());
        return StageJob.tracked(tracker, spark -> new TrainJob(
                        spark, tracker, config.train(), config.tracking(), resolved, EpochListener.NONE)
                .run(options.warehouse, Optional.ofNullable(resume)));
    }
}
