package org.spira.pipeline.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.spira.evaluation.RecordingAttributes;
import org.spira.features.NoiseCorpus;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.spark.FeatureRows;
import org.spira.features.spark.FeaturizePartition;
import org.spira.features.spark.VariantPlan;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.io.ReadAudio;
import org.spira.pipeline.registry.TrainingLineage;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RowFields;
import org.spira.pipeline.tables.SplitsTable;

/**
 * The test recordings of a model's lineage (the {@code test} split at the pinned splits
 * version, recordings at the pinned recordings version, with clean features at the pinned
 * features version) and the windows of each test condition, as {@link ScorePartition#INPUT}
 * rows. Nothing is collected but the recordings' slicing attributes.
 */
public final class TestSet {
    /** The noisy condition's variant number: a draw depends on (recording, variant, seed). */
    public static final int NOISY_VARIANT = 1;

    private final SparkSession spark;
    private final DeltaStore store;
    private final TrainingLineage lineage;
    private final Dataset<Row> recordings;

    private TestSet(SparkSession spark, DeltaStore store, TrainingLineage lineage, Dataset<Row> recordings) {
        this.spark = spark;
        this.store = store;
        this.lineage = lineage;
        this.recordings = recordings;
    }

    /**
     * @throws ConfigException when the lineage's features table is not this warehouse's
     */
    public static TestSet of(SparkSession spark, DeltaStore store, TrainingLineage lineage) {
        if (!store.path(FeaturesTable.NAME).equals(lineage.featuresTable())) {
            throw new ConfigException("the model was trained on " + lineage.featuresTable() + " but --warehouse"
                    + " gives " + store.path(FeaturesTable.NAME) + ": evaluate it against its own warehouse");
        }
        Dataset<Row> subjects = store.readVersion(SplitsTable.NAME, lineage.splitsVersion())
                .where(col(SplitsTable.SPLIT).equalTo(SplitsTable.TEST))
                .select(SplitsTable.SUBJECT_KEY);
        Dataset<Row> featured =
                cleanFeatures(store, lineage).select(FeaturesTable.RECORDING_ID).distinct();
        Dataset<Row> recordings = store.readVersion(RecordingsTable.NAME, lineage.recordingsVersion())
                .join(subjects, RecordingsTable.SUBJECT_KEY)
                .join(featured, RecordingsTable.RECORDING_ID)
                .select(
                        RecordingsTable.RECORDING_ID,
                        RecordingsTable.LABEL,
                        RecordingsTable.AUDIO_URI,
                        RecordingsTable.METADATA);
        return new TestSet(spark, store, lineage, recordings);
    }

    /**
     * The same test split at the same table versions, with the clean windows of another feature
     * version (that of a model trained on other features); recordings without such windows drop out.
     */
    public TestSet withFeatureVersion(String featureSpecHash) {
        return featureSpecHash.equals(lineage.featureSpecHash())
                ? this
                : of(spark, store, lineage.withFeatureSpecHash(featureSpecHash));
    }

    /** How many of {@code other}'s recordings this test set lacks (none when it is {@code other}). */
    public long missingFrom(TestSet other) {
        if (other == this) {
            return 0;
        }
        return other.recordings
                .select(RecordingsTable.RECORDING_ID)
                .except(recordings.select(RecordingsTable.RECORDING_ID))
                .count();
    }

    /** Test recordings: recording_id, label, audio_uri, metadata. */
    public Dataset<Row> recordings() {
        return recordings;
    }

    /** The clean condition: variant 0 of the features table at the pinned version. */
    public Dataset<Row> cleanWindows() {
        Dataset<Row> ids = recordings.select(RecordingsTable.RECORDING_ID);
        return cleanFeatures(store, lineage)
                .join(ids, FeaturesTable.RECORDING_ID)
                .select(ScorePartition.INPUT_COLUMNS);
    }

    /**
     * The noisy-controls condition: each control featurized again on the executors with {@code
     * noises} noise segments (variant {@value #NOISY_VARIANT}, {@code seed}) from {@code corpus}; each
     * patient's clean windows.
     */
    public Dataset<Row> noisyControlWindows(FeatureSpec spec, NoiseCorpus corpus, int noises, long seed) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        VariantPlan plan = new VariantPlan(NOISY_VARIANT, 0, noises, 1, seed);
        Broadcast<NoiseCorpus> noise = jsc.broadcast(corpus);
        Dataset<Row> audio = new ReadAudio(jsc.broadcast(
                        new SerializableConfiguration(spark.sparkContext().hadoopConfiguration())))
                .apply(recordings.where(col(RecordingsTable.LABEL).equalTo(0)).repartition(jsc.defaultParallelism()));
        Dataset<Row> controls = FeaturizePartition.withNoise(spec, plan, noise)
                .apply(audio)
                .where(col(FeatureRows.VARIANT).equalTo(NOISY_VARIANT))
                .withColumn(FeaturesTable.LABEL, lit(0))
                .select(ScorePartition.INPUT_COLUMNS);
        return controls.unionByName(
                cleanWindows().where(col(FeaturesTable.LABEL).equalTo(1)));
    }

    /** Sex, age and source of every test recording, from the ingest metadata. */
    public List<RecordingAttributes> attributes() {
        return recordings.select(RecordingsTable.RECORDING_ID, RecordingsTable.METADATA).collectAsList().stream()
                .map(row -> attributes(
                        RowFields.string(row, RecordingsTable.RECORDING_ID),
                        RowFields.map(row, RecordingsTable.METADATA)))
                .toList();
    }

    static RecordingAttributes attributes(String recordingId, Map<String, String> metadata) {
        return RecordingAttributes.of(
                recordingId, metadata.get("sex"), age(metadata.get("age")), metadata.get("source"));
    }

    /** Whole years, or null when missing or not an age (metadata is free text from the manifest). */
    private static Integer age(String text) {
        try {
            double years = Double.parseDouble(text == null ? "" : text.strip());
            return years >= 0 && years <= org.spira.evaluation.AgeBands.MAX_AGE ? (int) Math.floor(years) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Dataset<Row> cleanFeatures(DeltaStore store, TrainingLineage lineage) {
        return store.readVersion(FeaturesTable.NAME, lineage.featuresVersion())
                .where(col(FeaturesTable.VARIANT)
                        .equalTo(0)
                        .and(col(FeaturesTable.FEATURE_VERSION).equalTo(lineage.featureSpecHash())));
    }
}
