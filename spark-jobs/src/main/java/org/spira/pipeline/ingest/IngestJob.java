package org.spira.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.spira.pipeline.QualityGateException;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.config.IngestConfig;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.io.Spread;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.IngestRunsTable;
import org.spira.pipeline.tables.IngestRunsTable.IngestRun;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RejectedTable;
import org.spira.pipeline.tables.RowBuilder;
import org.spira.pipeline.tables.RowFields;

/**
 * {@code ingest}: a manifest CSV ({@code path,subject_id,label[,metadata...]}) becomes rows of
 * {@code recordings} and {@code rejected}; every listed row is accepted, rejected or a
 * duplicate (same bytes as an accepted recording), and the counts are kept in {@code
 * ingest_runs}. Rerunning the same manifest changes neither table. Nothing here depends on a
 * feature spec: a recording is judged by its container and header ({@link IngestProbe}), and
 * whether it is long enough for a spec's window is for featurize to say.
 */
public final class IngestJob {
    /** The tables this job writes: the stage holds their writer leases while it runs. */
    public static final List<String> TABLES_WRITTEN =
            List.of(RecordingsTable.NAME, RejectedTable.NAME, IngestRunsTable.NAME);

    /** The manifest's columns: the audio file's path, relative to the manifest's folder or a URI. */
    static final String PATH = "path";
    /** The manifest's subject id, pseudonymized on reading. */
    static final String SUBJECT_ID = "subject_id";
    /** The manifest's label text, one of {@code spira.ingest.labels}. */
    static final String LABEL = "label";

    private static final List<String> REQUIRED_COLUMNS = List.of(PATH, SUBJECT_ID, LABEL);
    private static final String RANK = "rank";

    private final SparkSession spark;
    private final IngestConfig config;
    private final SubjectPseudonymizer pseudonymizer;

    public IngestJob(SparkSession spark, IngestConfig config, SubjectPseudonymizer pseudonymizer) {
        this.spark = spark;
        this.config = config;
        this.pseudonymizer = pseudonymizer;
    }

    /**
     * Ingests {@code manifestUri} into the tables under {@code warehouse}, then checks the
     * data-quality gate.
     *
     * @throws QualityGateException carrying the result, after the tables are written, when more
     *     than {@code spira.ingest.max-rejected-fraction} of the listed rows were rejected
     */
    public IngestResult run(String warehouse, String manifestUri) {
        String runId = UUID.randomUUID().toString();
        Timestamp startedAt = Timestamp.from(Instant.now());
        DeltaStore store = new DeltaStore(spark, warehouse);
        Dataset<Row> manifest = readManifest(manifestUri);
        Dataset<Row> outcomes = judge(Spread.overTasks(manifest, manifest.count()), manifestUri, store)
                .persist();
        try {
            long listed = outcomes.count();
            Dataset<Row> accepted = outcomes.where(col(IngestOutcomes.STATUS).equalTo(IngestOutcomes.ACCEPTED));
            Dataset<Row> rejected = outcomes.where(col(IngestOutcomes.STATUS).equalTo(IngestOutcomes.REJECTED));
            long rejectedCount = rejected.count();
            // A MERGE only where there are rows (an empty increment costs counts, not comparisons
            // with the tables); the tables exist after any run.
            long added = 0;
            if (rejectedCount < listed) {
                added = store.insertNew(RecordingsTable.CONTRACT, firstOfEach(accepted, manifestUri, runId, startedAt));
            } else {
                store.ensure(RecordingsTable.CONTRACT);
            }
            if (rejectedCount > 0) {
                store.insertNew(RejectedTable.CONTRACT, rejectedRows(rejected, manifestUri, runId, startedAt));
            } else {
                store.ensure(RejectedTable.CONTRACT);
            }
            IngestResult result = new IngestResult(
                    runId,
                    listed,
                    added,
                    rejectedCount,
                    listed - added - rejectedCount,
                    store.version(RecordingsTable.NAME),
                    store.version(RejectedTable.NAME),
                    IngestResult.NOT_LOGGED);
            keepAccounting(store, result, manifestUri, startedAt);
            return passGate(result.logged(store.version(IngestRunsTable.NAME)));
        } finally {
            outcomes.unpersist();
        }
    }

    /** The manifest's rows with a 1-based row number, in file order; every column as text. */
    Dataset<Row> readManifest(String manifestUri) {
        Dataset<Row> csv = spark.read()
                .option("header", "true")
                .option("mode", "PERMISSIVE")
                .csv(manifestUri);
        List<String> columns = List.of(csv.columns());
        for (String required : REQUIRED_COLUMNS) {
            if (!columns.contains(required)) {
                throw new ConfigException("the manifest " + manifestUri + " has no '" + required
                        + "' column; its header must name " + String.join(", ", REQUIRED_COLUMNS) + " (found "
                        + columns + ")");
            }
        }
        List<Column> selected =
                new ArrayList<>(REQUIRED_COLUMNS.stream().map(functions::col).toList());
        for (String column : config.metadataColumns()) {
            selected.add(
                    columns.contains(column)
                            ? col(column)
                            : lit(null).cast(DataTypes.StringType).as(column));
        }
        Dataset<Row> manifest = csv.select(selected.toArray(Column[]::new));
        StructType numbered = new StructType().add(RecordingsTable.MANIFEST_ROW, DataTypes.LongType, false);
        for (var field : manifest.schema().fields()) {
            numbered = numbered.add(field.name(), DataTypes.StringType, true);
        }
        StructType schema = numbered;
        return spark.createDataFrame(
                manifest.javaRDD().zipWithIndex().map(pair -> numbered(schema, pair._2() + 1, pair._1())), schema);
    }

    private Dataset<Row> judge(Dataset<Row> manifest, String manifestUri, DeltaStore store) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var hadoop = jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
        IngestProbe probe = new IngestProbe(
                manifestUri,
                store.path("audio"),
                config.metadataColumns(),
                config.labels(),
                config.quality(),
                pseudonymizer,
                hadoop);
        return manifest.mapPartitions(probe, Encoders.row(IngestOutcomes.SCHEMA));
    }

    /** One row per recording_id (its first manifest row), with the recordings columns. */
    private static Dataset<Row> firstOfEach(
            Dataset<Row> accepted, String manifestUri, String runId, Timestamp startedAt) {
        return accepted.withColumn(
                        RANK,
                        functions
                                .row_number()
                                .over(Window.partitionBy(RecordingsTable.RECORDING_ID)
                                        .orderBy(RecordingsTable.MANIFEST_ROW)))
                .where(col(RANK).equalTo(1))
                .withColumn(RecordingsTable.MANIFEST_URI, lit(manifestUri))
                .withColumn(RecordingsTable.INGEST_RUN_ID, lit(runId))
                .withColumn(RecordingsTable.INGESTED_AT, lit(startedAt));
    }

    /** Rejects of no feature version: nothing ingest judges depends on a feature spec. */
    private static Dataset<Row> rejectedRows(
            Dataset<Row> rejected, String manifestUri, String runId, Timestamp startedAt) {
        Dataset<Row> rejects = rejected.withColumn(RejectedTable.MANIFEST_URI, lit(manifestUri))
                .withColumn(RejectedTable.FEATURE_VERSION, lit(null).cast(DataTypes.StringType));
        return RejectedTable.rows(rejects, RejectedTable.Stage.INGEST, runId, startedAt);
    }

    private IngestResult passGate(IngestResult result) {
        if (result.failsGate(config.maxRejectedFraction())) {
            throw new QualityGateException(
                    String.format(
                            Locale.ROOT,
                            "%d of the manifest's %d rows were rejected (%.1f%%), more than"
                                    + " spira.ingest.max-rejected-fraction = %s: the rejected table gives each row's"
                                    + " reason; fix the manifest or the audio and ingest it again, or raise the key",
                            result.rejected(),
                            result.listed(),
                            100.0 * result.rejected() / result.listed(),
                            config.maxRejectedFraction()),
                    result);
        }
        return result;
    }

    private void keepAccounting(DeltaStore store, IngestResult result, String manifestUri, Timestamp startedAt) {
        Row run = new IngestRun(
                        result.runId(),
                        manifestUri,
                        startedAt,
                        result.listed(),
                        result.accepted(),
                        result.rejected(),
                        result.duplicates(),
                        result.recordingsVersion(),
                        result.rejectedVersion())
                .toRow();
        store.insertNew(
                IngestRunsTable.CONTRACT, spark.createDataFrame(List.of(run), IngestRunsTable.CONTRACT.schema()));
    }

    /** {@code row}'s columns after its manifest row number, in {@code schema}. */
    private static Row numbered(StructType schema, long number, Row row) {
        RowBuilder numbered = RowBuilder.of(schema).set(RecordingsTable.MANIFEST_ROW, number);
        for (String column : row.schema().fieldNames()) {
            numbered.set(column, RowFields.string(row, column));
        }
        return numbered.build();
    }
}
