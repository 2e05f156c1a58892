package org.spira.pipeline.registry;

import java.util.HashMap;
import java.util.Map;
import org.spira.pipeline.tracking.ModelVersion;

/**
 * What a registered model version was trained from, as evaluate needs it: the {@link
 * TrainingLineage} the train stage tags every version with, and the training run.
 *
 * @param training the lineage tags of the version
 * @param trainRunId the MLflow run that trained it
 */
public record ModelLineage(TrainingLineage training, String trainRunId) {

    /** The version's lineage, or (naming the version and the tag) why its tags hold none. */
    public static Recorded<ModelLineage> of(ModelVersion version) {
        Map<String, String> tags = new HashMap<>(version.tags());
        tags.putIfAbsent(TrainingLineage.TRAIN_RUN_ID, version.runId());
        return TrainingLineage.read(tags, "version " + version.version() + " of model " + version.model())
                .map(training -> new ModelLineage(training, tags.get(TrainingLineage.TRAIN_RUN_ID)));
    }
}
