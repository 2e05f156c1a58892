package org.spira.pipeline.featurize;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spira.features.NoiseCorpus;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.spark.FeatureRows;
import org.spira.features.spark.FeaturizePartition;
import org.spira.pipeline.config.FeaturizeConfig;
import org.spira.pipeline.io.NoiseCorpusLoader;
import org.spira.pipeline.io.ReadAudio;
import org.spira.pipeline.io.Spread;
import org.spira.pipeline.stats.FeatureStatistics;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.FeatureStatsTable;
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
    /** The tables this job writes: the stage holds their writer leases while it runs. */
    public static final List<String> TABLES_WRITTEN =
            List.of(FeaturesTable.NAME, RejectedTable.NAME, FeatureStatsTable.NAME);

    private static final Logger LOG = LoggerFactory.getLogger(FeaturizeJob.class);

    /** The recordings' id while joined to the adapter's rows, which have a recording_id too. */
    private static final String RECORDING_OF = "recording_of";

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
        long recordingsVersion = config.recordingsTableVersion() >= 0
                ? config.recordingsTableVersion()
                : store.version(RecordingsTable.NAME);
        Dataset<Row> recordings = store.readVersion(RecordingsTable.NAME, recordingsVersion);
        // The corpus is read (and broadcast) only when some recording gets a noisy variant.
        Optional<NoiseCorpus> noise = config.variants().needsNoise()
                ? config.noiseCorpus()
                        .map(uri -> NoiseCorpusLoader.load("spira.featurize.noise-corpus", uri, hadoop(), spec))
                : Optional.empty();
        store.ensure(FeaturesTable.CONTRACT);
        store.ensure(RejectedTable.CONTRACT);
        long recordingCount = withoutFeatures(store, recordings).count();
        LOG.info(
                "featurize: {} recording(s) of recordings version {} to featurize with feature version {}",
                recordingCount,
                recordingsVersion,
                spec.hash());
        Written written = recordingCount == 0
                ? new Written(0, 0)
                : write(store, recordings, noise, recordingCount, recordingsVersion, runId);
        // After the rows, and on every run: a run stopped between its rows and this commit leaves
        // nothing to featurize to the run after it, which still sets it.
        store.setPropertyIfAbsent(FeaturesTable.NAME, FeaturesTable.SPEC_PROPERTY_PREFIX + spec.hash(), spec.toJson());
        long featuresVersion = store.version(FeaturesTable.NAME);
        recordStatistics(store, featuresVersion, runId, Timestamp.from(Instant.now()));
        return new FeaturizeResult(
                runId,
                spec.hash(),
                recordingsVersion,
                recordingCount,
                written.rows(),
                written.rejected(),
                featuresVersion,
                store.version(RejectedTable.NAME),
                store.version(FeatureStatsTable.NAME),
                noise.map(NoiseCorpus::contentHash));
    }

    /** The feature rows and the reject rows one run added. */
    private record Written(long rows, long rejected) {}

    /**
     * Featurizes the {@code count} recordings with no row of this feature version, in one pass that
     * appends their windows to {@code features} as they are computed: nothing is held or spilled
     * between the DSP and the table (at 20 h, 8 GB of rows). The recordings that pass leaves without
     * a row are the rejected ones; they are featurized again, alone, for their reasons (the result
     * is a pure function of the bytes and the spec), into {@code rejected}.
     */
    private Written write(
            DeltaStore store,
            Dataset<Row> recordings,
            Optional<NoiseCorpus> noise,
            long count,
            long recordingsVersion,
            String runId) {
        Timestamp now = Timestamp.from(Instant.now());
        Dataset<Row> features = featurize(Spread.overTasks(withoutFeatures(store, recordings), count), noise)
                .where(col(FeatureRows.REJECT_REASON).isNull());
        // A Delta append commits a version even with no rows; this stops at the first window found.
        long rows = features.isEmpty()
                ? 0
                : store.appendNew(
                        FeaturesTable.CONTRACT,
                        featureRows(features, recordings, noise, recordingsVersion, runId, now));
        Dataset<Row> rejects = featurize(withoutFeatures(store, recordings), noise)
                .where(col(FeatureRows.REJECT_REASON).isNotNull());
        long rejected = store.insertNew(RejectedTable.CONTRACT, rejectRows(rejects, recordings, runId, now));
        return new Written(rows, rejected);
    }

    /**
     * Writes the statistics of this feature version's rows at {@code featuresVersion} to {@code
     * feature_stats}, unless they are there: a rerun with nothing new, or a run after another
     * feature version's, computes them once for the version it finds.
     */
    private void recordStatistics(DeltaStore store, long featuresVersion, String runId, Timestamp now) {
        if (FeatureStatistics.recorded(store, featuresVersion, spec.hash())) {
            return;
        }
        List<Row> stats = FeatureStatistics.compute(store, featuresVersion, spec.hash(), runId, now);
        store.insertNew(FeatureStatsTable.CONTRACT, spark.createDataFrame(stats, FeatureStatsTable.CONTRACT.schema()));
        LOG.info(
                "featurize: statistics of feature version {} at features version {}, {} class and variant group(s)",
                spec.hash(),
                featuresVersion,
                stats.size());
    }

    /** Recordings with no row of this feature version in {@code features} or {@code rejected}. */
    private Dataset<Row> withoutFeatures(DeltaStore store, Dataset<Row> recordings) {
        Dataset<Row> done = store.read(FeaturesTable.NAME)
                .select(FeaturesTable.RECORDING_ID, FeaturesTable.FEATURE_VERSION)
                .union(store.read(RejectedTable.NAME).select(RejectedTable.RECORDING_ID, RejectedTable.FEATURE_VERSION))
                .where(col(FeaturesTable.FEATURE_VERSION).equalTo(spec.hash()))
                .select(FeaturesTable.RECORDING_ID)
                .distinct();
        return recordings.join(
                done,
                recordings.col(RecordingsTable.RECORDING_ID).equalTo(done.col(FeaturesTable.RECORDING_ID)),
                "left_anti");
    }

    private Dataset<Row> featurize(Dataset<Row> todo, Optional<NoiseCorpus> noise) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Dataset<Row> content = new ReadAudio(jsc.broadcast(new SerializableConfiguration(hadoop()))).apply(todo);
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
        Dataset<Row> keys = recordings.select(
                col(RecordingsTable.RECORDING_ID).as(RECORDING_OF),
                col(RecordingsTable.SUBJECT_KEY),
                col(RecordingsTable.LABEL));
        // Broadcast: the recordings' keys are about 150 bytes each (150 MB for a million recordings),
        // where a sort-merge join would shuffle every feature row, 64 KB each.
        return features.join(
                        functions.broadcast(keys),
                        features.col(FeatureRows.RECORDING_ID).equalTo(keys.col(RECORDING_OF)))
                .withColumn(
                        FeaturesTable.NOISE_CORPUS,
                        when(
                                col(FeaturesTable.VARIANT).gt(0),
                                lit(noise.map(NoiseCorpus::contentHash).orElse(null))))
                .withColumn(FeaturesTable.RECORDINGS_VERSION, lit(recordingsVersion))
                .withColumn(FeaturesTable.FEATURIZE_RUN_ID, lit(runId))
                .withColumn(FeaturesTable.FEATURIZED_AT, lit(now));
    }

    private static Dataset<Row> rejectRows(Dataset<Row> rejects, Dataset<Row> recordings, String runId, Timestamp now) {
        Dataset<Row> origin = recordings.select(
                col(RecordingsTable.RECORDING_ID).as(RECORDING_OF),
                col(RecordingsTable.MANIFEST_URI),
                col(RecordingsTable.MANIFEST_ROW),
                col(RecordingsTable.SOURCE_KEY));
        Dataset<Row> found = rejects.join(
                        origin, rejects.col(FeatureRows.RECORDING_ID).equalTo(origin.col(RECORDING_OF)))
                .withColumnRenamed(FeatureRows.REJECT_REASON, RejectedTable.REASON)
                .withColumnRenamed(FeatureRows.REJECT_MESSAGE, RejectedTable.MESSAGE);
        return RejectedTable.rows(found, RejectedTable.Stage.FEATURIZE, runId, now);
    }

    private org.apache.hadoop.conf.Configuration hadoop() {
        return spark.sparkContext().hadoopConfiguration();
    }
}
