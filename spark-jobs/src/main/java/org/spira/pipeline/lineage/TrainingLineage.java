package org.spira.pipeline.lineage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.SplitsTable;
import org.spira.pipeline.tracking.DatasetInput;

/**
 * What a trained model was made from, recorded as tags of its training run and of its registered
 * model version, and read back by the {@code lineage} stage.
 *
 * @param featuresTable URI of the {@code features} table
 * @param featuresVersion Delta version of {@code features} that was read
 * @param featureSpecHash the feature version (FeatureSpec hash) trained on
 * @param recordingsVersion version of {@code recordings} the features were computed from (the
 *     latest one among the rows trained on)
 * @param splitsVersion Delta version of {@code splits} that was read
 * @param noiseCorpusHash SHA-256 of the noise corpus of the noisy variants, or {@code none}
 * @param gitCommit commit the application was built from, or {@code unknown}
 * @param appVersion the application's version
 * @param sparkAppId the Spark application that ran the training
 */
public record TrainingLineage(
        String featuresTable,
        long featuresVersion,
        String featureSpecHash,
        long recordingsVersion,
        long splitsVersion,
        String noiseCorpusHash,
        String gitCommit,
        String appVersion,
        String sparkAppId) {
    public static final String FEATURES_TABLE = "spira.features.table";
    public static final String FEATURES_VERSION = "spira.features.version";
    public static final String FEATURE_SPEC_HASH = "spira.feature_spec.hash";
    public static final String RECORDINGS_VERSION = "spira.recordings.version";
    public static final String SPLITS_VERSION = "spira.splits.version";
    public static final String NOISE_CORPUS_HASH = "spira.noise_corpus.hash";
    public static final String GIT_COMMIT = "git.commit";
    public static final String APP_VERSION = "spira.app.version";
    public static final String SPARK_APP_ID = "spira.spark.app_id";
    /** Tag of a registered model version naming its training run. */
    public static final String TRAIN_RUN_ID = "spira.train.run_id";
    /** The value of {@link #NOISE_CORPUS_HASH} when the features have no noisy variant. */
    public static final String NO_NOISE = "none";

    /** The tags, in a stable order. */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(FEATURES_TABLE, featuresTable);
        tags.put(FEATURES_VERSION, Long.toString(featuresVersion));
        tags.put(FEATURE_SPEC_HASH, featureSpecHash);
        tags.put(RECORDINGS_VERSION, Long.toString(recordingsVersion));
        tags.put(SPLITS_VERSION, Long.toString(splitsVersion));
        tags.put(NOISE_CORPUS_HASH, noiseCorpusHash);
        tags.put(GIT_COMMIT, gitCommit);
        tags.put(APP_VERSION, appVersion);
        tags.put(SPARK_APP_ID, sparkAppId);
        return tags;
    }

    /** The same tables and versions with another feature version (FeatureSpec hash). */
    public TrainingLineage withFeatureSpecHash(String hash) {
        return new TrainingLineage(
                featuresTable,
                featuresVersion,
                hash,
                recordingsVersion,
                splitsVersion,
                noiseCorpusHash,
                gitCommit,
                appVersion,
                sparkAppId);
    }

    /**
     * The features, recordings and splits tables at this lineage's versions, as MLflow dataset
     * inputs of a run ({@code context}: {@code training}, {@code test}); the recordings and
     * splits tables are those of {@code store}'s warehouse.
     */
    public List<DatasetInput> datasetInputs(DeltaStore store, String context) {
        return List.of(
                new DatasetInput(FeaturesTable.NAME, featuresTable, featuresVersion, context),
                new DatasetInput(RecordingsTable.NAME, store.path(RecordingsTable.NAME), recordingsVersion, context),
                new DatasetInput(SplitsTable.NAME, store.path(SplitsTable.NAME), splitsVersion, context));
    }

    /**
     * The lineage recorded in {@code tags}; {@code tag} looks a key up and fails, naming it, when
     * it is missing.
     */
    public static TrainingLineage read(Function<String, String> tag) {
        return new TrainingLineage(
                tag.apply(FEATURES_TABLE),
                Long.parseLong(tag.apply(FEATURES_VERSION)),
                tag.apply(FEATURE_SPEC_HASH),
                Long.parseLong(tag.apply(RECORDINGS_VERSION)),
                Long.parseLong(tag.apply(SPLITS_VERSION)),
                tag.apply(NOISE_CORPUS_HASH),
                tag.apply(GIT_COMMIT),
                tag.apply(APP_VERSION),
                tag.apply(SPARK_APP_ID));
    }
}
