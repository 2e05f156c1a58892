package org.spira.pipeline.evaluate;

import java.util.Map;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.lineage.TrainingLineage;
import org.spira.pipeline.tracking.ModelVersion;

/**
 * What a registered model version was trained from, as evaluate needs it: read from the lineage
 * tags ({@link TrainingLineage}) the train stage puts on every version, with an error naming the
 * version and the tag when one is missing.
 *
 * @param featuresTable URI of the features table
 * @param featuresVersion its Delta version the model was trained on
 * @param featureVersion the feature version (FeatureSpec hash) of its windows
 * @param recordingsVersion the recordings table version the features came from
 * @param splitsVersion the splits table version that chose the training recordings
 * @param trainRunId the MLflow run that trained it
 */
public record ModelLineage(
        String featuresTable,
        long featuresVersion,
        String featureVersion,
        long recordingsVersion,
        long splitsVersion,
        String trainRunId) {

    /** @throws ConfigException naming the version and the tag when a lineage tag is missing */
    public static ModelLineage of(ModelVersion version) {
        Map<String, String> tags = version.tags();
        return new ModelLineage(
                text(version, TrainingLineage.FEATURES_TABLE),
                number(version, TrainingLineage.FEATURES_VERSION),
                text(version, TrainingLineage.FEATURE_SPEC_HASH),
                number(version, TrainingLineage.RECORDINGS_VERSION),
                number(version, TrainingLineage.SPLITS_VERSION),
                tags.getOrDefault(TrainingLineage.TRAIN_RUN_ID, version.runId()));
    }

    private static String text(ModelVersion version, String tag) {
        String value = version.tags().getOrDefault(tag, "").strip();
        if (value.isEmpty()) {
            throw new ConfigException("version " + version.version() + " of model " + version.model()
                    + " has no " + tag + " tag: only versions registered by the train stage can be"
                    + " evaluated; choose another with --model-version or --alias");
        }
        return value;
    }

    private static long number(ModelVersion version, String tag) {
        String value = text(version, tag);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(
                    "version " + version.version() + " of model " + version.model() + " has " + tag + " = " + value
                            + ", not a table version",
                    e);
        }
    }
}
