package org.spira.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.spira.pipeline.QualityGateException;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.config.PipelineConfig.IngestConfig;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.IngestRunsTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RejectedTable;

/**
 * {@code ingest}: a manifest CSV ({@code path,subject_id,label[,metadata...]}) becomes rows of
 * {@code recordings} and {@code rejected}; every listed row is accepted, rejected or a
 * duplicate (same bytes as an accepted recording), and the counts are kept in {@code
 * ingest_runs}. Rerunning the same manifest changes neither table. Nothing here depends on a
 * feature spec: a recording is judged by its container and header ({@link IngestProbe}), and
 * whether it is long enough for a spec's window is for featurize to say.
 */
public final class IngestJob {
    private static final Set<String> REQUIRED_COLUMNS = Set.of("path", "subject_id", "label");

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
        Dataset<Row> outcomes =
                judge(readManifest(manifestUri), manifestUri, store).persist();
        try {
            long listed = outcomes.count();
            Dataset<Row> accepted = outcomes.where(col("status").equalTo(IngestOutcomes.ACCEPTED));
            Dataset<Row> rejected = outcomes.where(col("status").equalTo(IngestOutcomes.REJECTED));
            Column[] stamp = {lit(manifestUri), lit(runId), lit(startedAt)};
            long added = store.insertNew(
                    RecordingsTable.NAME, RecordingsTable.SCHEMA, RecordingsTable.KEY, firstOfEach(accepted, stamp));
            long rejectedCount = rejected.count();
            store.insertNew(RejectedTable.NAME, RejectedTable.SCHEMA, RejectedTable.KEY, rejectedRows(rejected, stamp));
            IngestResult result = new IngestResult(
                    runId,
                    listed,
                    added,
                    rejectedCount,
                    listed - added - rejectedCount,
                    store.version(RecordingsTable.NAME),
                    store.version(RejectedTable.NAME));
            keepAccounting(store, result, manifestUri, startedAt);
            return passGate(result);
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
                        + "' column; its header must" + " name path, subject_id and label (found " + columns + ")");
            }
        }
        List<Column> selected = new ArrayList<>(List.of(col("path"), col("subject_id"), col("label")));
        for (String column : config.metadataColumns()) {
            selected.add(
                    columns.contains(column)
                            ? col(column)
                            : lit(null).cast(DataTypes.StringType).as(column));
        }
        Dataset<Row> manifest = csv.select(selected.toArray(Column[]::new));
        StructType numbered = new StructType().add("manifest_row", DataTypes.LongType, false);
        for (var field : manifest.schema().fields()) {
            numbered = numbered.add(field.name(), DataTypes.StringType, true);
        }
        return spark.createDataFrame(
                manifest.javaRDD().zipWithIndex().map(pair -> prepend(pair._2() + 1, pair._1())), numbered);
    }

    private Dataset<Row> judge(Dataset<Row> manifest, String manifestUri, DeltaStore store) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var hadoop = jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
        IngestProbe probe = new IngestProbe(
                manifestUri, store.path("audio"), config.metadataColumns(), config.labels(), pseudonymizer, hadoop);
        return manifest.mapPartitions(probe, Encoders.row(IngestOutcomes.SCHEMA));
    }

    /** One row per recording_id (its first manifest row), in the recordings schema. */
    private static Dataset<Row> firstOfEach(Dataset<Row> accepted, Column[] stamp) {
        Dataset<Row> first = accepted.withColumn(
                        "rank",
                        functions
                                .row_number()
                                .over(Window.partitionBy("recording_id").orderBy("manifest_row")))
                .where(col("rank").equalTo(1));
        return first.select(
                col("recording_id"),
                col("subject_key"),
                col("label"),
                col("audio_uri"),
                col("source_key"),
                col("format"),
                col("sample_rate"),
                col("channels"),
                col("duration_s"),
                col("metadata"),
                stamp[0].as("manifest_uri"),
                col("manifest_row"),
                stamp[1].as("ingest_run_id"),
                stamp[2].as("ingested_at"));
    }

    /** Rejects of no feature version: nothing ingest judges depends on a feature spec. */
    private static Dataset<Row> rejectedRows(Dataset<Row> rejected, Column[] stamp) {
        return rejected.select(
                stamp[0].as("manifest_uri"),
                col("manifest_row"),
                col("source_key"),
                col("recording_id"),
                col("reason"),
                col("message"),
                stamp[1].as("ingest_run_id"),
                stamp[2].as("rejected_at"),
                lit(null).cast(DataTypes.StringType).as("feature_version"));
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
        Row run = RowFactory.create(
                result.runId(),
                manifestUri,
                startedAt,
                result.listed(),
                result.accepted(),
                result.rejected(),
                result.duplicates(),
                result.recordingsVersion(),
                result.rejectedVersion());
        store.insertNew(
                IngestRunsTable.NAME,
                IngestRunsTable.SCHEMA,
                IngestRunsTable.KEY,
                spark.createDataFrame(List.of(run), IngestRunsTable.SCHEMA));
    }

    private static Row prepend(long value, Row row) {
        Object[] values = new Object[row.size() + 1];
        values[0] = value;
        for (int i = 0; i < row.size(); i++) {
            values[i + 1] = row.get(i);
        }
        return RowFactory.create(values);
    }
}
