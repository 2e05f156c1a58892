package org.spira.pipeline.featurize;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import org.spira.features.NoiseCorpus;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.spark.FeatureRows;
import org.spira.features.spark.FeaturizePartition;
import org.spira.pipeline.config.PipelineConfig.FeaturizeConfig;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RejectedTable;

/**
 * {@code featurize}: the recordings (a pinned or the latest version) that this feature version
 * has neither featurized nor rejected yet become rows of {@code features}, one per window per
 * variant, in parallel and without collecting audio or features to the driver; a recording this
 * spec cannot use (shorter than its window, silent, damaged sample data) becomes a row of {@code
 * rejected} with the reason and the feature version. Every recording read is accounted for:
 * recordings = recordings featurized + recordings rejected. Rerunning adds nothing; featurizing
 * with another spec adds its feature version next to the others in the same tables.
 */
public final class FeaturizeJob {
    private final SparkSession spark;
    private final FeaturizeConfig config;
    private final FeatureSpec spec;

    public FeaturizeJob(SparkSession spark, FeaturizeConfig config, FeatureSpec spec) {
        this.spark = spark;
        this.config = config;
        this.spec = spec;
    }

    public FeaturizeResult run(String warehouse) {
        String runId = UUID.randomUUID().toString();
        DeltaStore store = new DeltaStore(spark, warehouse);
        long recordingsVersion =
                config.recordingsVersion() >= 0 ? config.recordingsVersion() : store.version(RecordingsTable.NAME);
        Dataset<Row> recordings = store.readVersion(RecordingsTable.NAME, recordingsVersion);
        Dataset<Row> todo = withoutFeatures(store, recordings);
        // The corpus is read (and broadcast) only when some recording gets a noisy variant.
        Optional<NoiseCorpus> noise = config.variants().needsNoise()
                ? config.noiseCorpus()
                        .map(uri -> NoiseCorpusLoader.load("spira.featurize.noise-corpus", uri, hadoop(), spec))
                : Optional.empty();
        Dataset<Row> outcomes = featurize(todo, noise).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long recordingCount = todo.count();
            Dataset<Row> features =
                    outcomes.where(col(FeatureRows.REJECT_REASON).isNull());
            Dataset<Row> rejects = outcomes.where(col(FeatureRows.REJECT_REASON).isNotNull());
            Timestamp now = Timestamp.from(Instant.now());
            long rows = store.insertNew(
                    FeaturesTable.NAME,
                    FeaturesTable.SCHEMA,
                    FeaturesTable.KEY,
                    featureRows(features, recordings, noise, recordingsVersion, runId, now));
            long rejected = store.insertNew(
                    RejectedTable.NAME,
                    RejectedTable.SCHEMA,
                    RejectedTable.KEY,
                    rejectRows(rejects, recordings, runId, now));
            store.setPropertyIfAbsent(
                    FeaturesTable.NAME, FeaturesTable.SPEC_PROPERTY_PREFIX + spec.hash(), spec.toJson());
            return new FeaturizeResult(
                    runId,
                    spec.hash(),
                    recordingsVersion,
                    recordingCount,
                    rows,
                    rejected,
                    store.version(FeaturesTable.NAME),
                    noise.map(NoiseCorpus::contentHash));
        } finally {
            outcomes.unpersist();
        }
    }

    /** Recordings with no row of this feature version in {@code features} or {@code rejected}. */
    private Dataset<Row> withoutFeatures(DeltaStore store, Dataset<Row> recordings) {
        store.ensure(FeaturesTable.NAME, FeaturesTable.SCHEMA);
        store.ensure(RejectedTable.NAME, RejectedTable.SCHEMA);
        Dataset<Row> done = store.read(FeaturesTable.NAME)
                .select("recording_id", "feature_version")
                .union(store.read(RejectedTable.NAME).select("recording_id", "feature_version"))
                .where(col("feature_version").equalTo(spec.hash()))
                .select("recording_id")
                .distinct();
        return recordings.join(done, recordings.col("recording_id").equalTo(done.col("recording_id")), "left_anti");
    }

    private Dataset<Row> featurize(Dataset<Row> todo, Optional<NoiseCorpus> noise) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Dataset<Row> content = todo.select("recording_id", "label", "audio_uri")
                .mapPartitions(
                        new ReadAudio(jsc.broadcast(new SerializableConfiguration(hadoop()))),
                        Encoders.row(FeatureRows.INPUT));
        FeaturizePartition partition = noise.map(
                        corpus -> FeaturizePartition.withNoise(spec, config.variants(), jsc.broadcast(corpus)))
                .orElseGet(() -> FeaturizePartition.clean(spec));
        return partition.apply(content);
    }

    private static Dataset<Row> featureRows(
            Dataset<Row> features,
            Dataset<Row> recordings,
            Optional<NoiseCorpus> noise,
            long recordingsVersion,
            String runId,
            Timestamp now) {
        Dataset<Row> keys = recordings.select(col("recording_id").as("r_id"), col("subject_key"), col("label"));
        return features.join(keys, features.col("recording_id").equalTo(keys.col("r_id")))
                .withColumn(
                        "noise_corpus",
                        org.apache.spark.sql.functions.when(
                                col("variant").gt(0),
                                lit(noise.map(NoiseCorpus::contentHash).orElse(null))))
                .withColumn("recordings_version", lit(recordingsVersion))
                .withColumn("featurize_run_id", lit(runId))
                .withColumn("featurized_at", lit(now));
    }

    private static Dataset<Row> rejectRows(Dataset<Row> rejects, Dataset<Row> recordings, String runId, Timestamp now) {
        Dataset<Row> origin = recordings.select(
                col("recording_id").as("r_id"), col("manifest_uri"), col("manifest_row"), col("source_key"));
        return rejects.join(origin, rejects.col("recording_id").equalTo(origin.col("r_id")))
                .select(
                        col("manifest_uri"),
                        col("manifest_row"),
                        col("source_key"),
                        col("recording_id"),
                        col(FeatureRows.REJECT_REASON).as("reason"),
                        col(FeatureRows.REJECT_MESSAGE).as("message"),
                        lit(runId).as("ingest_run_id"),
                        lit(now).as("rejected_at"),
                        col(FeatureRows.FEATURE_VERSION));
    }

    private org.apache.hadoop.conf.Configuration hadoop() {
        return spark.sparkContext().hadoopConfiguration();
    }
}
