package org.spira.pipeline.lineage;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
import org.spira.pipeline.io.StorageException;
import org.spira.pipeline.registry.TrainingLineage;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.IngestRunsTable;
import org.spira.pipeline.tables.IngestRunsTable.IngestRun;
import org.spira.pipeline.tables.PredictionsTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RowFields;
import org.spira.pipeline.tables.SplitsTable;
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
 * warehouse the version has scored ({@code predictions}). Subject keys are read to join the
 * splits but never written.
 */
public final class LineageJob {
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
        Dataset<Row> learned = learnedRecordings(store, lineage).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Map<String, Long> counts = SplitsTable.balance(learned);
            List<IngestRunSummary> ingestRuns = ingestRuns(store, learned);
            writeAudioList(learned, audioList);
            return new LineageResult(
                    version, run, lineage, ingestRuns, counts, audioList, scoredRecordings(store, version));
        } finally {
            learned.unpersist();
        }
    }

    /** The training and validation recordings of the run: features x splits x recordings. */
    private Dataset<Row> learnedRecordings(DeltaStore store, TrainingLineage lineage) {
        Dataset<Row> features = spark.read()
                .format("delta")
                .option("versionAsOf", lineage.featuresVersion())
                .load(lineage.featuresTable())
                .where(col(FeaturesTable.FEATURE_VERSION).equalTo(lineage.featureSpecHash()))
                .select(FeaturesTable.RECORDING_ID, FeaturesTable.SUBJECT_KEY)
                .distinct();
        Dataset<Row> splits = store.readVersion(SplitsTable.NAME, lineage.splitsVersion())
                .where(col(SplitsTable.SPLIT).isin(SplitsTable.TRAIN, SplitsTable.VALIDATION))
                .select(SplitsTable.SUBJECT_KEY, SplitsTable.SPLIT);
        Dataset<Row> recordings = store.readVersion(RecordingsTable.NAME, lineage.recordingsVersion())
                .select(
                        RecordingsTable.RECORDING_ID,
                        RecordingsTable.LABEL,
                        RecordingsTable.AUDIO_URI,
                        RecordingsTable.INGEST_RUN_ID);
        return features.join(splits, SplitsTable.SUBJECT_KEY)
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
