package org.spira.pipeline.evaluate;

import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.lineage.TrainingLineage;
import org.spira.pipeline.tracking.ModelVersion;

/**
 * What a registered model version was trained from, as evaluate needs it: the {@link
 * TrainingLineage} the train stage tags every version with, and the training run.
 *
 * @param training the lineage tags of the version
 * @param trainRunId the MLflow run that trained it
 */
public record ModelLineage(TrainingLineage training, String trainRunId) {

    /**
     * @throws ConfigException naming the version and the tag when a lineage tag is missing or a
     *     table version is not a number
     */
    public static ModelLineage of(ModelVersion version) {
        try {
            return new ModelLineage(
                    TrainingLineage.read(tag -> tag(version, tag)),
                    version.tags().getOrDefault(TrainingLineage.TRAIN_RUN_ID, version.runId()));
        } catch (NumberFormatException e) {
            throw new ConfigException(
                    "version " + version.version() + " of model " + version.model()
                            + " has a table version tag that is not a number (" + e.getMessage() + ")",
                    e);
        }
    }

    private static String tag(ModelVersion version, String tag) {
        String value = version.tags().getOrDefault(tag, "").strip();
        if (value.isEmpty()) {
            throw new ConfigException("version " + version.version() + " of model " + version.model()
                    + " has no " + tag + " tag: only versions registered by the train stage can be"
                    + " evaluated; choose another with --model-version or --alias");
        }
        return value;
    }
}
