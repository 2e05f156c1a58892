package org.spira.pipeline.forget;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spira.pipeline.config.ForgetConfig;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.io.StorageException;
import org.spira.pipeline.registry.ModelLineage;
import org.spira.pipeline.registry.Recorded;
import org.spira.pipeline.registry.TrainingMembership;
import org.spira.pipeline.stats.FeatureStatistics;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.ErasuresTable;
import org.spira.pipeline.tables.FeatureStatsTable;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.PredictionsTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RejectedTable;
import org.spira.pipeline.tables.RowFields;
import org.spira.pipeline.tables.SplitsTable;
import org.spira.pipeline.tables.TableContract;
import org.spira.pipeline.tables.TrainingMembershipTable;
import org.spira.pipeline.tracking.ModelRegistry;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.Tracker;

/**
 * {@code forget --subjects FILE}: erases subjects' data on request. The ids are pseudonymized
 * with ingest's key and stay in this process: every query matches them in Spark, and nothing it
 * logs, writes or tags holds one. In this order, so that a run stopped midway is completed by the
 * next with the same file (each step finds what is left from the rows the later steps delete):
 *
 * <ol>
 *   <li>every registered version of the configured model without {@code training_membership}
 *       rows gets them (derived from its lineage, as {@code lineage} does), and every version
 *       that learned from an erased recording is tagged {@value #TAG_PENDING_RETRAIN};
 *   <li>the {@code feature_stats} rows computed from an erased recording are recomputed without
 *       it (at the same features version, read before the erasure);
 *   <li>their audio objects are deleted;
 *   <li>their rows are deleted from {@link #TARGETS}, {@code recordings} and {@code
 *       training_membership} last;
 *   <li>every table it changed is vacuumed with {@code spira.forget.retention-hours}, and the run
 *       is logged to {@code erasures}.
 * </ol>
 */
public final class ForgetJob {
    /** The tag of a model version that learned from erased recordings. */
    public static final String TAG_PENDING_RETRAIN = "spira.erasure.pending_retrain";

    /** A table rows are erased from, and the column the erased rows are found by. */
    record Target(TableContract contract, String column) {}

    /**
     * The tables rows are erased from, in order: those found by recording first, {@code
     * recordings} (which maps subjects to recordings) and {@code training_membership} (which maps
     * them to model versions) last.
     */
    static final List<Target> TARGETS = List.of(
            new Target(PredictionsTable.CONTRACT, PredictionsTable.RECORDING_ID),
            new Target(RejectedTable.CONTRACT, RejectedTable.RECORDING_ID),
            new Target(FeaturesTable.CONTRACT, FeaturesTable.SUBJECT_KEY),
            new Target(SplitsTable.CONTRACT, SplitsTable.SUBJECT_KEY),
            new Target(RecordingsTable.CONTRACT, RecordingsTable.SUBJECT_KEY),
            new Target(TrainingMembershipTable.CONTRACT, TrainingMembershipTable.SUBJECT_KEY));

    /** The tables forget may write, whose writer leases it holds: {@link #TARGETS}, then the two it rewrites or adds to. */
    public static final List<String> TABLES_WRITTEN = Stream.concat(
                    TARGETS.stream().map(target -> target.contract().name()),
                    Stream.of(FeatureStatsTable.NAME, ErasuresTable.NAME))
            .toList();

    private static final Logger LOG = LoggerFactory.getLogger(ForgetJob.class);
    private static final String COUNT = "count";

    private final ForgetConfig config;
    private final Tracker tracker;
    private final SubjectPseudonymizer pseudonymizer;

    public ForgetJob(ForgetConfig config, Tracker tracker, SubjectPseudonymizer pseudonymizer) {
        this.config = config;
        this.tracker = tracker;
        this.pseudonymizer = pseudonymizer;
    }

    /** Erases the data of the subjects {@code subjectIds} (clear ids) from the warehouse of {@code store}. */
    public ForgetResult run(DeltaStore store, List<String> subjectIds) {
        Instant started = Instant.now();
        String runId = "forget-" + UUID.randomUUID();
        List<String> keyList =
                subjectIds.stream().map(pseudonymizer::pseudonym).distinct().toList();
        Dataset<Row> keys = store.spark()
                .createDataset(keyList, Encoders.STRING())
                .toDF(RecordingsTable.SUBJECT_KEY)
                .cache();
        Dataset<Row> recordings = store.exists(RecordingsTable.NAME)
                ? store.read(RecordingsTable.NAME)
                        .join(functions.broadcast(keys), RecordingsTable.SUBJECT_KEY, "left_semi")
                        .select(RecordingsTable.RECORDING_ID, RecordingsTable.AUDIO_URI)
                        .cache()
                : store.spark().emptyDataFrame();
        try {
            LOG.info("{}: erasing the data of {} subject(s) on request", runId, keyList.size());
            long found = subjectsFound(store, keys);
            List<String> modelVersions = markModelVersions(store, keys, runId, Timestamp.from(started));
            LOG.info("{}: {} model version(s) tagged ({} s)", runId, modelVersions.size(), seconds(started));
            long statsBefore = store.exists(FeatureStatsTable.NAME) ? store.version(FeatureStatsTable.NAME) : -1;
            long statsRecomputed = recomputeStatistics(store, recordings, runId, Timestamp.from(started));
            LOG.info("{}: {} feature_stats row(s) recomputed ({} s)", runId, statsRecomputed, seconds(started));
            List<String> audio = recordings.isEmpty()
                    ? List.of()
                    : recordings
                            .select(RecordingsTable.AUDIO_URI)
                            .as(Encoders.STRING())
                            .collectAsList();
            long audioDeleted = deleteAudio(store, audio);
            Map<String, Long> deleted = new LinkedHashMap<>();
            Map<String, Long> versions = new TreeMap<>();
            for (Target target : TARGETS) {
                String table = target.contract().name();
                Dataset<Row> matches = target.column().equals(RecordingsTable.SUBJECT_KEY) ? keys : recordings;
                long rows = matches.isEmpty() ? 0 : store.deleteMatching(target.contract(), matches, target.column());
                deleted.put(table, rows);
                if (rows > 0) {
                    versions.put(table, store.version(table));
                }
                LOG.info("{}: {} row(s) deleted from {} ({} s)", runId, rows, table, seconds(started));
            }
            if (statsBefore >= 0 && store.version(FeatureStatsTable.NAME) > statsBefore) {
                versions.put(FeatureStatsTable.NAME, store.version(FeatureStatsTable.NAME));
            }
            for (String table : versions.keySet()) {
                store.vacuum(table, config.retentionHours());
            }
            LOG.info(
                    "{}: {} table(s) vacuumed, retention {} h ({} s)",
                    runId,
                    versions.size(),
                    config.retentionHours(),
                    seconds(started));
            ForgetResult result = new ForgetResult(
                    runId,
                    keyList.size(),
                    found,
                    audio.size(),
                    audioDeleted,
                    deleted,
                    statsRecomputed,
                    modelVersions,
                    config.retentionHours(),
                    started.plus(Duration.ofSeconds(Math.round(config.retentionHours() * 3600))),
                    versions);
            store.insertNew(
                    ErasuresTable.CONTRACT,
                    store.spark().createDataFrame(List.of(row(result, started)), ErasuresTable.CONTRACT.schema()));
            LOG.info("{}: {}", runId, result.timeTravel());
            return result.withTable(ErasuresTable.NAME, store.version(ErasuresTable.NAME));
        } finally {
            keys.unpersist();
            recordings.unpersist();
        }
    }

    /** Subjects of the request with rows in {@code recordings}, {@code splits} or {@code training_membership}. */
    private static long subjectsFound(DeltaStore store, Dataset<Row> keys) {
        Dataset<Row> present = keys.limit(0);
        for (String table : List.of(RecordingsTable.NAME, SplitsTable.NAME, TrainingMembershipTable.NAME)) {
            if (store.exists(table)) {
                present = present.union(store.read(table).select(RecordingsTable.SUBJECT_KEY));
            }
        }
        return present.join(functions.broadcast(keys), RecordingsTable.SUBJECT_KEY, "left_semi")
                .agg(countDistinct(RecordingsTable.SUBJECT_KEY))
                .head()
                .getLong(0);
    }

    /**
     * Completes {@code training_membership} for the configured model's versions that have no rows
     * there, then tags every version with a row of an erased subject; returns them as {@code
     * <model>/<version>}.
     */
    private List<String> markModelVersions(DeltaStore store, Dataset<Row> keys, String runId, Timestamp now) {
        ModelRegistry registry = tracker.registry();
        List<ModelVersion> registered = registry.versions();
        if (!registered.isEmpty() && store.exists(FeaturesTable.NAME)) {
            List<Long> recorded = store.exists(TrainingMembershipTable.NAME)
                    ? store.read(TrainingMembershipTable.NAME)
                            .where(col(TrainingMembershipTable.MODEL_NAME).equalTo(registry.name()))
                            .select(TrainingMembershipTable.MODEL_VERSION)
                            .distinct()
                            .as(Encoders.LONG())
                            .collectAsList()
                    : List.of();
            for (ModelVersion version : registered) {
                Recorded<ModelLineage> lineage = ModelLineage.of(version);
                if (!recorded.contains(version.version()) && lineage.problem().isEmpty()) {
                    TrainingMembership.record(
                            store,
                            lineage.orElseThrow().training(),
                            version.model(),
                            version.version(),
                            lineage.orElseThrow().trainRunId(),
                            TrainingMembershipTable.BY_FORGET,
                            now);
                }
                lineage.problem()
                        .ifPresent(problem -> LOG.warn(
                                "{}: which recordings {} learned from is not known ({}): it is not checked",
                                runId,
                                version.model() + "/" + version.version(),
                                problem));
            }
        }
        if (!store.exists(TrainingMembershipTable.NAME)) {
            return List.of();
        }
        List<String> affected = new ArrayList<>();
        store.read(TrainingMembershipTable.NAME)
                .join(functions.broadcast(keys), TrainingMembershipTable.SUBJECT_KEY, "left_semi")
                .groupBy(TrainingMembershipTable.MODEL_NAME, TrainingMembershipTable.MODEL_VERSION)
                .count()
                .orderBy(TrainingMembershipTable.MODEL_NAME, TrainingMembershipTable.MODEL_VERSION)
                .collectAsList()
                .forEach(row -> {
                    String model = RowFields.string(row, TrainingMembershipTable.MODEL_NAME);
                    long version = RowFields.longValue(row, TrainingMembershipTable.MODEL_VERSION);
                    tracker.registry(model)
                            .setTag(
                                    version,
                                    TAG_PENDING_RETRAIN,
                                    "{\"erasure_run_id\":\"" + runId + "\",\"recordings\":"
                                            + RowFields.longValue(row, COUNT) + "}");
                    affected.add(model + "/" + version);
                });
        return affected;
    }

    /**
     * Recomputes, without the erased recordings, each {@code feature_stats} (features version,
     * feature version) whose rows were computed from one of them, and replaces its rows; returns
     * the rows written. Statistics of a features version before an earlier erasure, which can no
     * longer be read, are deleted instead when the erased recordings have rows of their feature
     * version (they may have been among their inputs).
     */
    private static long recomputeStatistics(DeltaStore store, Dataset<Row> recordings, String runId, Timestamp now) {
        if (recordings.isEmpty() || !store.exists(FeatureStatsTable.NAME)) {
            return 0;
        }
        List<Row> replaced = new ArrayList<>();
        List<String> scopes = new ArrayList<>();
        List<Row> computed = store.read(FeatureStatsTable.NAME)
                .select(FeatureStatsTable.FEATURES_VERSION, FeatureStatsTable.FEATURE_VERSION)
                .distinct()
                .collectAsList();
        long readable = store.firstReadableVersion(FeaturesTable.NAME);
        Dataset<Row> erased = functions.broadcast(recordings.select(RecordingsTable.RECORDING_ID));
        for (Row stats : computed) {
            long featuresVersion = RowFields.longValue(stats, FeatureStatsTable.FEATURES_VERSION);
            String featureVersion = RowFields.string(stats, FeatureStatsTable.FEATURE_VERSION);
            Dataset<Row> rows = featuresVersion < readable
                    ? store.read(FeaturesTable.NAME)
                            .where(col(FeaturesTable.FEATURE_VERSION).equalTo(featureVersion))
                    : FeatureStatistics.featureRows(store, featuresVersion, featureVersion);
            if (!rows.join(erased, FeaturesTable.RECORDING_ID, "left_semi").isEmpty()) {
                if (featuresVersion >= readable) {
                    replaced.addAll(FeatureStatistics.compute(
                            store,
                            rows.join(erased, FeaturesTable.RECORDING_ID, "left_anti"),
                            featuresVersion,
                            runId,
                            now));
                }
                scopes.add("(" + FeatureStatsTable.FEATURES_VERSION + " = " + featuresVersion + " AND "
                        + FeatureStatsTable.FEATURE_VERSION + " = '" + featureVersion.replace("'", "") + "')");
            }
        }
        if (!scopes.isEmpty()) {
            store.replaceWhere(
                    FeatureStatsTable.CONTRACT,
                    store.spark().createDataFrame(replaced, FeatureStatsTable.CONTRACT.schema()),
                    String.join(" OR ", scopes));
        }
        return replaced.size();
    }

    /** Deletes the audio objects; returns how many existed. */
    private static long deleteAudio(DeltaStore store, List<String> uris) {
        Configuration hadoop = store.spark().sparkContext().hadoopConfiguration();
        long deleted = 0;
        for (String uri : uris) {
            Path object = new Path(uri);
            try {
                if (object.getFileSystem(hadoop).delete(object, false)) {
                    deleted++;
                }
            } catch (IOException e) {
                throw new StorageException(
                        "cannot delete the audio object " + uri + " (" + e.getMessage() + "): nothing of the erased"
                                + " subjects' table rows was deleted yet; run forget again with the same file",
                        e);
            }
        }
        return deleted;
    }

    private static long seconds(Instant since) {
        return Duration.between(since, Instant.now()).toSeconds();
    }

    private static Row row(ForgetResult result, Instant started) {
        return ErasuresTable.CONTRACT
                .row()
                .set(ErasuresTable.ERASURE_RUN_ID, result.erasureRunId())
                .set(ErasuresTable.STARTED_AT, Timestamp.from(started))
                .set(ErasuresTable.SUBJECTS_REQUESTED, result.subjectsRequested())
                .set(ErasuresTable.SUBJECTS_FOUND, result.subjectsFound())
                .set(ErasuresTable.RECORDINGS, result.recordings())
                .set(ErasuresTable.AUDIO_OBJECTS_DELETED, result.audioObjectsDeleted())
                .set(ErasuresTable.ROWS_DELETED, result.rowsDeleted())
                .set(ErasuresTable.FEATURE_STATS_RECOMPUTED, result.featureStatsRecomputed())
                .set(ErasuresTable.TABLE_VERSIONS, result.tables())
                .set(ErasuresTable.MODEL_VERSIONS, result.modelVersions())
                .set(ErasuresTable.RETENTION_HOURS, result.retentionHours())
                .set(ErasuresTable.FILES_REMOVABLE_AFTER, Timestamp.from(result.filesRemovableAfter()))
                .build();
    }
}
