package org.spira.pipeline.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.max;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.spira.features.dsp.FeatureSpec;
import org.spira.model.train.WindowShape;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.config.TrainConfig;
import org.spira.pipeline.registry.TrainingLineage;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.RowFields;
import org.spira.pipeline.tables.SplitsTable;

/**
 * The table versions a training run reads, pinned once: {@code features} and {@code splits} at
 * their configured (or latest) versions, or at the versions a resumed run recorded; the feature
 * version; and what the feature rows say about themselves (window shape, the recordings version
 * they came from, the noise corpus of their noisy variants, their FeatureSpec).
 *
 * @param featuresUri URI of the features table
 * @param featuresVersion Delta version of features read
 * @param featureVersion the FeatureSpec hash trained on
 * @param splitsVersion Delta version of splits read
 * @param recordingsVersion the latest recordings version among the feature rows
 * @param noiseCorpus SHA-256 of the noise corpus, or {@link TrainingLineage#NO_NOISE}
 * @param shape frames x coefficients of a window
 * @param featureSpec the FeatureSpec of the feature version (read from its table property)
 */
public record TrainingInputs(
        String featuresUri,
        long featuresVersion,
        String featureVersion,
        long splitsVersion,
        long recordingsVersion,
        String noiseCorpus,
        WindowShape shape,
        FeatureSpec featureSpec) {

    /**
     * Pins the inputs of a new run ({@code recorded} empty) or of a resumed one (the versions it
     * recorded win over the configuration, so it continues on the same rows).
     *
     * @throws ConfigException when the feature version is ambiguous or absent
     */
    public static TrainingInputs pin(DeltaStore store, TrainConfig config, Optional<TrainingLineage> recorded) {
        long featuresVersion = recorded.map(TrainingLineage::featuresVersion)
                .orElse(
                        config.featuresTableVersion() >= 0
                                ? config.featuresTableVersion()
                                : store.version(FeaturesTable.NAME));
        long splitsVersion = recorded.map(TrainingLineage::splitsVersion)
                .orElse(
                        config.splitsTableVersion() >= 0
                                ? config.splitsTableVersion()
                                : store.version(SplitsTable.NAME));
        Dataset<Row> all = store.readVersion(FeaturesTable.NAME, featuresVersion);
        String featureVersion = chooseFeatureVersion(
                featureVersions(all),
                recorded.map(TrainingLineage::featureSpecHash).or(config::featureVersion),
                featuresVersion);
        Row facts = all.where(col(FeaturesTable.FEATURE_VERSION).equalTo(featureVersion))
                .agg(
                        max(FeaturesTable.RECORDINGS_VERSION).as(FeaturesTable.RECORDINGS_VERSION),
                        first(FeaturesTable.FRAMES).as(FeaturesTable.FRAMES),
                        first(FeaturesTable.COEFFICIENTS).as(FeaturesTable.COEFFICIENTS),
                        collect_set(FeaturesTable.NOISE_CORPUS).as(FeaturesTable.NOISE_CORPUS))
                .head();
        List<String> corpora = RowFields.list(facts, FeaturesTable.NOISE_CORPUS);
        return new TrainingInputs(
                store.path(FeaturesTable.NAME),
                featuresVersion,
                featureVersion,
                splitsVersion,
                RowFields.longValue(facts, FeaturesTable.RECORDINGS_VERSION),
                corpora.isEmpty() ? TrainingLineage.NO_NOISE : String.join(",", new TreeSet<>(corpora)),
                new WindowShape(
                        RowFields.integer(facts, FeaturesTable.FRAMES),
                        RowFields.integer(facts, FeaturesTable.COEFFICIENTS)),
                featureSpec(store, featureVersion));
    }

    /**
     * The configured feature version when the table holds it; else the table's only one.
     *
     * @throws ConfigException naming {@code spira.train.feature-version} otherwise
     */
    static String chooseFeatureVersion(List<String> inTable, Optional<String> configured, long tableVersion) {
        String where = "the features table at version " + tableVersion;
        if (configured.isPresent()) {
            if (!inTable.contains(configured.get())) {
                throw new ConfigException("spira.train.feature-version = " + configured.get() + " is not in " + where
                        + ", which holds " + inTable + ": choose one of those, or featurize with that spec first");
            }
            return configured.get();
        }
        if (inTable.size() != 1) {
            throw new ConfigException(where + " holds "
                    + (inTable.isEmpty() ? "no feature rows" : "several feature versions " + inTable)
                    + ": set spira.train.feature-version to the one to train on"
                    + (inTable.isEmpty() ? " after running featurize" : ""));
        }
        return inTable.get(0);
    }

    /** The rows of the pinned feature version at the pinned table version. */
    public Dataset<Row> features(DeltaStore store) {
        return store.readVersion(FeaturesTable.NAME, featuresVersion)
                .where(col(FeaturesTable.FEATURE_VERSION).equalTo(featureVersion));
    }

    /** The splits at the pinned version. */
    public Dataset<Row> splits(DeltaStore store) {
        return store.readVersion(SplitsTable.NAME, splitsVersion);
    }

    /** The lineage tags of a run on these inputs. */
    public TrainingLineage lineage(String gitCommit, String appVersion, String sparkAppId) {
        return new TrainingLineage(
                featuresUri,
                featuresVersion,
                featureVersion,
                recordingsVersion,
                splitsVersion,
                noiseCorpus,
                gitCommit,
                appVersion,
                sparkAppId);
    }

    private static List<String> featureVersions(Dataset<Row> features) {
        return features.select(FeaturesTable.FEATURE_VERSION).distinct().collectAsList().stream()
                .map(r -> RowFields.string(r, FeaturesTable.FEATURE_VERSION))
                .sorted()
                .toList();
    }

    /**
     * The spec of {@code featureVersion}, from the table property featurize set.
     *
     * @throws TrainStageException when the property is missing, not a spec, or of another version
     */
    private static FeatureSpec featureSpec(DeltaStore store, String featureVersion) {
        String key = FeaturesTable.SPEC_PROPERTY_PREFIX + featureVersion;
        String json = store.property(FeaturesTable.NAME, key)
                .orElseThrow(() -> new TrainStageException("the features table has no property " + key
                        + ": its rows were not written by featurize; featurize them again"));
        FeatureSpec spec;
        try {
            spec = FeatureSpec.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new TrainStageException(
                    "the features table property " + key + " is not a feature spec of this front end (" + e.getMessage()
                            + "): featurize the recordings again with this version",
                    e);
        }
        if (!spec.hash().equals(featureVersion)) {
            throw new TrainStageException("the features table property " + key + " holds a spec of feature version "
                    + spec.hash() + ": the table was altered by hand; featurize the recordings again");
        }
        return spec;
    }
}
