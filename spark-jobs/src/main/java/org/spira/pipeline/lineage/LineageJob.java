package org.spira.pipeline.lineage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spira.pipeline.io.StorageException;
import org.spira.pipeline.registry.TrainingLineage;
import org.spira.pipeline.registry.TrainingMembership;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.IngestRunsTable;
import org.spira.pipeline.tables.IngestRunsTable.IngestRun;
import org.spira.pipeline.tables.PredictionsTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RowFields;
import org.spira.pipeline.tables.SplitsTable;
import org.spira.pipeline.tables.TrainingMembershipTable;
import org.spira.pipeline.tracking.ModelSelector;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.RunRecord;
import org.spira.pipeline.tracking.Tracker;

/**
 * {@code lineage}: the chain behind a registered model version, read back from MLflow and the
 * tables at the recorded versions: version, training run, features (table version and feature
 * spec), recordings and splits versions, the ingest runs and their manifests, and the
 * content-addressed audio objects the model learned from (training and validation recordings),
 * counted, and listed in a CSV file rather than on stdout; and how many recordings of the
 * warehouse the version has scored ({@code predictions}).
 *
 * <p>The recordings learned from are the version's rows of {@code training_membership}, which
 * {@code train} wrote, joined with {@code recordings} at the recorded version for their label,
 * audio object and ingest run. A version that has no rows there (registered before the table
 * existed, or whose train run stopped between registering it and writing them) first gets them,
 * derived from its recorded table versions by the same {@link TrainingMembership} train uses, so
 * that the table lists every version someone has asked about (an erasure request reads it).
 * Subject keys are written to that table only: never to the CSV, a log or MLflow.
 */
public final class LineageJob {
    private static final Logger LOG = LoggerFactory.getLogger(LineageJob.class);
    /** The tables a lineage run writes: the commands hold their writer leases. */
    public static final List<String> TABLES_WRITTEN = List.of(TrainingMembershipTable.NAME);
    /** Columns of the audio list, one row per recording. */
    public static final List<String> AUDIO_COLUMNS = List.of(
            RecordingsTable.RECORDING_ID,
            RecordingsTable.LABEL,
            SplitsTable.SPLIT,
            RecordingsTable.AUDIO_URI,
            RecordingsTable.INGEST_RUN_ID);
    /** Of an ingest run's recordings, how many the model learned from. */
    private static final String LEARNED = "learned";
    /** The column of {@code Dataset.groupBy(...).count()}. */
    private static final String COUNT = "count";

    private final SparkSession spark;
    private final Tracker tracker;

    public LineageJob(SparkSession spark, Tracker tracker) {
        this.spark = spark;
        this.tracker = tracker;
    }

    /**
     * @param selector the version number, or an alias
     * @param output where to write the audio list CSV ({@code file://}, {@code s3a://}); empty =
     *     {@code <warehouse>/lineage/<model>/v<version>/audio.csv}
     */
    public LineageResult run(String warehouse, ModelSelector selector, Optional<String> output) {
        ModelVersion version = selector.resolve(tracker.registry());
        String audioList = output.orElseGet(() -> new DeltaStore(spark, warehouse).path("lineage") + "/"
                + version.model() + "/v" + version.version() + "/audio.csv");
        RunRecord run = tracker.runRecord(version.runId());
        TrainingLineage lineage = TrainingLineage.read(
                        run.tags(), "training run " + run.id() + " of version " + version.version())
                .orElseThrow();
        DeltaStore store = new DeltaStore(spark, warehouse);
        long filledIn = fillInMembership(store, version, run, lineage);
        Dataset<Row> learned = learnedRecordings(store, version, lineage).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Map<String, Long> counts = SplitsTable.balance(learned);
            List<IngestRunSummary> ingestRuns = ingestRuns(store, learned);
            writeAudioList(learned, audioList);
            return new LineageResult(
                    version,
                    run,
                    lineage,
                    ingestRuns,
                    counts,
                    audioList,
                    scoredRecordings(store, version),
                    filledIn,
                    store.version(TrainingMembershipTable.NAME));
        } finally {
            learned.unpersist();
        }
    }

    /**
     * Writes the version's rows of {@code training_membership} when the table has none (creating
     * the table if need be); a version train recorded is left as it is.
     *
     * @return the rows written: 0 for a version that had its rows
     */
    private static long fillInMembership(
            DeltaStore store, ModelVersion version, RunRecord run, TrainingLineage lineage) {
        if (store.exists(TrainingMembershipTable.NAME)
                && !store.read(TrainingMembershipTable.NAME)
                        .where(TrainingMembershipTable.ofVersion(version.model(), version.version()))
                        .isEmpty()) {
            return 0;
        }
        long added = TrainingMembership.record(
                store,
                lineage,
                version.model(),
                version.version(),
                run.id(),
                TrainingMembershipTable.BY_LINEAGE,
                Timestamp.from(Instant.now()));
        LOG.info("lineage: " + version.model() + " version " + version.version() + " had no rows in "
                + TrainingMembershipTable.NAME + "; added " + added + ", derived from its recorded table versions");
        return added;
    }

    /**
     * The training and validation recordings of the version: its rows of {@code
     * training_membership} x {@code recordings} at the recorded version, as {@link #AUDIO_COLUMNS}.
     */
    private static Dataset<Row> learnedRecordings(DeltaStore store, ModelVersion version, TrainingLineage lineage) {
        Dataset<Row> membership = store.read(TrainingMembershipTable.NAME)
                .where(TrainingMembershipTable.ofVersion(version.model(), version.version()))
                .select(TrainingMembershipTable.RECORDING_ID, TrainingMembershipTable.SPLIT);
        Dataset<Row> recordings = store.readVersion(RecordingsTable.NAME, lineage.recordingsVersion())
                .select(
                        RecordingsTable.RECORDING_ID,
                        RecordingsTable.LABEL,
                        RecordingsTable.AUDIO_URI,
                        RecordingsTable.INGEST_RUN_ID);
        return membership
                .join(recordings, RecordingsTable.RECORDING_ID)
                .select(AUDIO_COLUMNS.stream().map(functions::col).toArray(Column[]::new));
    }

    /** Recordings of this warehouse the version has scored: its rows of {@code predictions} (none before any score run). */
    private static long scoredRecordings(DeltaStore store, ModelVersion version) {
        if (!store.exists(PredictionsTable.NAME)) {
            return 0;
        }
        return store.read(PredictionsTable.NAME)
                .where(PredictionsTable.ofVersion(version.model(), version.version()))
                .count();
    }

    private static List<IngestRunSummary> ingestRuns(DeltaStore store, Dataset<Row> learned) {
        Dataset<Row> used =
                learned.groupBy(RecordingsTable.INGEST_RUN_ID).count().withColumnRenamed(COUNT, LEARNED);
        return store
                .read(IngestRunsTable.NAME)
                .join(used, IngestRunsTable.INGEST_RUN_ID)
                .orderBy(IngestRunsTable.STARTED_AT, IngestRunsTable.INGEST_RUN_ID)
                .collectAsList()
                .stream()
                .map(row -> IngestRunSummary.of(IngestRun.fromRow(row), RowFields.longValue(row, LEARNED)))
                .toList();
    }

    private void writeAudioList(Dataset<Row> learned, String uri) {
        Path path = new Path(uri);
        try (OutputStream out =
                path.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(path, true)) {
            out.write((String.join(",", AUDIO_COLUMNS) + "\n").getBytes(StandardCharsets.UTF_8));
            Iterator<Row> rows = learned.orderBy(SplitsTable.SPLIT, RecordingsTable.RECORDING_ID)
                    .toLocalIterator();
            while (rows.hasNext()) {
                out.write(csvLine(rows.next()).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new StorageException(
                    "cannot write the audio list to " + uri + ": check that --output names a writable location"
                            + " (and, for s3a://, its credentials)",
                    e);
        }
    }

    /** Ids, labels, split names and URIs hold no comma or quote except in the URI, which is quoted. */
    private static String csvLine(Row row) {
        return RowFields.string(row, RecordingsTable.RECORDING_ID) + "," + RowFields.integer(row, RecordingsTable.LABEL)
                + "," + RowFields.string(row, SplitsTable.SPLIT) + ",\""
                + RowFields.string(row, RecordingsTable.AUDIO_URI).replace("\"", "\"\"") + "\","
                + RowFields.string(row, RecordingsTable.INGEST_RUN_ID) + "\n";
    }
}
