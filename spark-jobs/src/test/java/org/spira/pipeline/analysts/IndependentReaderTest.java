package org.spira.pipeline.analysts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.testing.SharedData;
import org.spira.pipeline.DeltaSparkTestBase;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.featurize.FeaturizeJob;
import org.spira.pipeline.ingest.IngestJob;
import org.spira.pipeline.split.SplitJob;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.FeatureStatsTable;
import org.spira.pipeline.tables.PredictionsTable;
import org.spira.pipeline.tables.PredictionsTable.Prediction;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RowFields;

/**
 * The analyst notebook {@code notebooks-exported/feature_table_queries.py} reads the tables the
 * jobs wrote (and predictions of two model versions) with delta-rs and DuckDB (no Spark) and finds
 * what Spark finds: row counts and versions, predictions per model version, and the recordings,
 * windows and frames of {@code feature_stats}' latest rows per class and variant; it plots them,
 * and still reads a warehouse without {@code feature_stats}. Needs the system property {@code
 * spira.python} (bin/test sets it).
 */
class IndependentReaderTest extends DeltaSparkTestBase {
    @TempDir
    Path dir;

    @Test
    void deltaRsAndDuckDbReadTheSameTablesAsSpark() throws Exception {
        String python = System.getProperty("spira.python", "");
        Assumptions.assumeFalse(python.isBlank(), "run bin/test, or pass -Dspira.python=.tools/venv/bin/python");
        Path warehouse = dir.resolve("warehouse");
        writeTables(warehouse.toUri().toString());

        String json = runNotebook(python, warehouse);
        DeltaStore store = new DeltaStore(spark(), warehouse.toUri().toString());
        for (String table :
                List.of("recordings", "features", "splits", "rejected", "predictions", FeatureStatsTable.NAME)) {
            assertEquals(store.read(table).count(), number(json, table + "_rows"), table + " rows");
            assertEquals(store.version(table), number(json, table + "_version"), table + " version");
        }
        for (long version = 1; version <= 2; version++) {
            String key = "spira-conv-v2 v" + version;
            assertEquals(
                    store.read(PredictionsTable.NAME)
                            .where(PredictionsTable.ofVersion("spira-conv-v2", version))
                            .count(),
                    number(json, key),
                    key + " scored");
        }
        org.junit.jupiter.api.Assertions.assertTrue(
                Files.size(dir.resolve("plots/probabilities_per_version.png")) > 0, "the distribution is plotted");

        // feature_stats: the counts of every class and variant at the latest features version of each feature version
        List<Row> latest = store.read(FeatureStatsTable.NAME)
                .withColumn(
                        "latest",
                        max(FeatureStatsTable.FEATURES_VERSION)
                                .over(Window.partitionBy(FeatureStatsTable.FEATURE_VERSION)))
                .where(col(FeatureStatsTable.FEATURES_VERSION).equalTo(col("latest")))
                .collectAsList();
        assertEquals(
                List.of(0, 1),
                latest.stream()
                        .map(row -> row.getInt(row.fieldIndex(FeatureStatsTable.LABEL)))
                        .distinct()
                        .sorted()
                        .toList(),
                "both classes have statistics");
        for (Row row : latest) {
            String key = row.getString(row.fieldIndex(FeatureStatsTable.FEATURE_VERSION)) + " variant "
                    + row.getInt(row.fieldIndex(FeatureStatsTable.VARIANT)) + " label "
                    + row.getInt(row.fieldIndex(FeatureStatsTable.LABEL)) + " ";
            for (String count :
                    List.of(FeatureStatsTable.RECORDINGS, FeatureStatsTable.WINDOWS, FeatureStatsTable.FRAMES)) {
                assertEquals(RowFields.longValue(row, count), number(json, key + count), key + count);
            }
        }
        assertEquals(
                3 * latest.size(),
                Pattern.compile(" variant \\d+ label \\d+ ")
                        .matcher(json)
                        .results()
                        .count(),
                "no other class or variant in the notebook's statistics");
        org.junit.jupiter.api.Assertions.assertTrue(
                Files.size(dir.resolve("plots/coefficients_per_class.png")) > 0, "the coefficients are plotted");

        // a warehouse written before featurize made statistics has no feature_stats: still read
        FileUtils.deleteDirectory(warehouse.resolve(FeatureStatsTable.NAME).toFile());
        String older = runNotebook(python, warehouse);
        assertEquals(0, number(older, "feature_stats_rows"), older);
        assertEquals(number(json, "features_rows"), number(older, "features_rows"), older);
    }

    private void writeTables(String warehouse) throws Exception {
        StringBuilder csv = new StringBuilder("path,subject_id,label\n");
        for (String subject : List.of("0Rlzhiz6bybk77wdLjxwy7yLDhg1", "L7S8iIPKgiO6QWLC3mGkROCMa0s1")) {
            for (String task : List.of("counting-fast", "vowel-a")) {
                csv.append(SharedData.root().resolve("public/audio/" + subject + "/" + task + ".wav"))
                        .append(',')
                        .append(subject)
                        .append(subject.startsWith("L7") ? ",patient\n" : ",control\n");
            }
        }
        Path manifest = Files.writeString(dir.resolve("manifest.csv"), csv);
        SubjectPseudonymizer key = SubjectPseudonymizer.fromEnvironment(
                Map.of(SubjectPseudonymizer.KEY_VARIABLE, "a-test-key-of-32-characters-long"), Optional.empty());
        PipelineConfig config = PipelineConfig.defaults();
        new IngestJob(spark(), config.ingest(), key)
                .run(warehouse, manifest.toUri().toString());
        new FeaturizeJob(spark(), config.featurize(), config.features()).run(warehouse);
        new SplitJob(spark(), config.split()).run(warehouse);
        writePredictions(new DeltaStore(spark(), warehouse));
    }

    /** Predictions of two model versions, as score writes them, built with the table's typed rows. */
    private void writePredictions(DeltaStore store) {
        List<String> ids =
                store.read(RecordingsTable.NAME).select(RecordingsTable.RECORDING_ID).collectAsList().stream()
                        .map(row -> row.getString(0))
                        .toList();
        List<Row> rows = new ArrayList<>();
        Timestamp now = Timestamp.from(Instant.now());
        for (long version = 1; version <= 2; version++) {
            for (int i = 0; i < ids.size() - (int) version + 1; i++) {
                double probability = (i + version) / 10.0;
                rows.add(new Prediction(
                                ids.get(i),
                                "spira-conv-v2",
                                version,
                                "f00d",
                                probability,
                                probability >= 0.5 ? 1 : 0,
                                0.5,
                                3,
                                0,
                                "run-" + version,
                                now)
                        .toRow());
            }
        }
        store.insertNew(PredictionsTable.CONTRACT, spark().createDataFrame(rows, PredictionsTable.CONTRACT.schema()));
    }

    private String runNotebook(String python, Path warehouse) throws Exception {
        Path notebook = Path.of(System.getProperty("spira.notebooks"), "feature_table_queries.py");
        Process process = new ProcessBuilder(
                        python,
                        notebook.toString(),
                        warehouse.toString(),
                        dir.resolve("plots").toString())
                .redirectError(dir.resolve("notebook.err").toFile())
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTrue(
                process.waitFor(3, TimeUnit.MINUTES), "the notebook did not finish");
        // stderr is kept for the message: a native abort at exit prints only there
        assertEquals(0, process.exitValue(), out + Files.readString(dir.resolve("notebook.err")));
        List<String> lines = out.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    /** The first number after {@code "key": } in the notebook's JSON line. */
    private static long number(String json, String key) {
        String name = key.endsWith("\":") ? key.substring(0, key.length() - 2) : key;
        Matcher matcher =
                Pattern.compile("\"" + Pattern.quote(name) + "\": (\\d+)").matcher(json);
        org.junit.jupiter.api.Assertions.assertTrue(matcher.find(), key + " in " + json);
        return Long.parseLong(matcher.group(1));
    }
}
