package org.spira.pipeline.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private static final List<String> TABLE_VERSIONS = List.of(FEATURES_VERSION, RECORDINGS_VERSION, SPLITS_VERSION);

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

    /** The table versions read, by table name: what a stage's summary reports as its {@code tables}. */
    public Map<String, Long> tableVersions() {
        Map<String, Long> versions = new LinkedHashMap<>();
        versions.put(FeaturesTable.NAME, featuresVersion);
        versions.put(RecordingsTable.NAME, recordingsVersion);
        versions.put(SplitsTable.NAME, splitsVersion);
        return versions;
    }

    /**
     * The lineage recorded in {@code tags} (a training run's, or a registered model version's), or
     * the first tag that is missing or not a table version.
     *
     * @param owner the run or version the tags belong to, for the problem's message
     */
    public static Recorded<TrainingLineage> read(Map<String, String> tags, String owner) {
        for (String key : List.of(
                FEATURES_TABLE,
                FEATURES_VERSION,
                FEATURE_SPEC_HASH,
                RECORDINGS_VERSION,
                SPLITS_VERSION,
                NOISE_CORPUS_HASH,
                GIT_COMMIT,
                APP_VERSION,
                SPARK_APP_ID)) {
            String value = tags.getOrDefault(key, "").strip();
            if (value.isEmpty()) {
                return Recorded.missing(owner + " has no tag " + key + ": only the runs and model versions of the"
                        + " train stage record their lineage; name one of those");
            }
            if (TABLE_VERSIONS.contains(key) && !value.matches("\\d{1,18}")) {
                return Recorded.missing(owner + "'s tag " + key + " = " + value + " is not a Delta table version:"
                        + " its lineage was not recorded by the train stage; name a run or version it recorded");
            }
        }
        return Recorded.of(new TrainingLineage(
                tags.get(FEATURES_TABLE).strip(),
                Long.parseLong(tags.get(FEATURES_VERSION).strip()),
                tags.get(FEATURE_SPEC_HASH).strip(),
                Long.parseLong(tags.get(RECORDINGS_VERSION).strip()),
                Long.parseLong(tags.get(SPLITS_VERSION).strip()),
                tags.get(NOISE_CORPUS_HASH).strip(),
                tags.get(GIT_COMMIT).strip(),
                tags.get(APP_VERSION).strip(),
                tags.get(SPARK_APP_ID).strip()));
    }
}
