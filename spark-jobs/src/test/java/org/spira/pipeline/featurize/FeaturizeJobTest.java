package org.spira.pipeline.featurize;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.RecordingId;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.spark.VariantPlan;
import org.spira.features.testing.SharedData;
import org.spira.pipeline.DeltaSparkTestBase;
import org.spira.pipeline.config.FeaturizeConfig;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.ingest.IngestJob;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.FeatureStatsTable;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeaturizeJobTest extends DeltaSparkTestBase {
    private static final FeatureSpec SPEC = FeatureSpec.spira();
    private static final String CONTROL = "public/audio/0Rlzhiz6bybk77wdLjxwy7yLDhg1/counting-fast.wav";
    private static final String PATIENT = "public/audio/L7S8iIPKgiO6QWLC3mGkROCMa0s1/counting-fast.wav";
    private static final String LATER = "public/audio/0zexHIcM7tQDdnFiEj2Eb0v3g212/counting-fast.wav";
    /** 3.669 s: shorter than SPIRA's 4 s window, one 3 s window. */
    private static final String SHORT = "public/audio/0Rlzhiz6bybk77wdLjxwy7yLDhg1/vowel-a.wav";

    @TempDir
    static Path dir;

    private String warehouse;
    private FeaturizeResult first;

    @BeforeAll
    void ingestAndFeaturize() throws Exception {
        runBefore();
        warehouse = dir.resolve("warehouse").toUri().toString();
        ingest("first.csv", CONTROL + ",s1,control\n" + PATIENT + ",s2,patient\n");
        first = job().run(warehouse);
    }

    private void ingest(String name, String rows) throws Exception {
        ingest(warehouse, name, rows);
    }

    private void ingest(String into, String name, String rows) throws Exception {
        String csv = "path,subject_id,label\n" + rows.replace("public/", SharedData.root() + "/public/");
        Path manifest = Files.writeString(dir.resolve(name), csv);
        SubjectPseudonymizer key = SubjectPseudonymizer.fromEnvironment(
                Map.of(SubjectPseudonymizer.KEY_VARIABLE, "a-test-key-of-32-characters-long"), Optional.empty());
        new IngestJob(spark(), PipelineConfig.defaults().ingest(), key)
                .run(into, manifest.toUri().toString());
    }

    private FeaturizeJob job() {
        FeaturizeConfig config = new FeaturizeConfig(
                -1,
                Optional.of(SharedData.root().resolve("noise").toUri().toString()),
                new VariantPlan(1, 2, 3, 1, 42));
        return new FeaturizeJob(spark(), config, SPEC);
    }

    private static int windows(String relative) throws Exception {
        return windows(SPEC, relative);
    }

    private static int windows(FeatureSpec spec, String relative) throws Exception {
        RecordingFeaturizer featurizer = new RecordingFeaturizer(spec);
        return featurizer
                .clean(featurizer.prepare(SharedData.bytes(SharedData.root().resolve(relative))))
                .windows()
                .length;
    }

    @Test
    void writesOneRowPerWindowPerVariantWithTheFeatureVersionAndLineage() throws Exception {
        long expected = 2L * windows(CONTROL) + 3L * windows(PATIENT);
        assertEquals(2, first.recordings());
        assertEquals(expected, first.rows());
        DeltaStore store = new DeltaStore(spark(), warehouse);
        assertEquals(SPEC.hash(), onlyValue(store.read("features"), "feature_version"));
        Map<String, String> properties = io.delta.tables.DeltaTable.forPath(spark(), store.path("features"))
                .detail()
                .head()
                .getJavaMap(io.delta.tables.DeltaTable.forPath(spark(), store.path("features"))
                        .detail()
                        .schema()
                        .fieldIndex("properties"));
        assertEquals(SPEC.toJson(), properties.get("spira.feature_spec." + SPEC.hash()));
        byte[] control = SharedData.bytes(SharedData.root().resolve(CONTROL));
        Row window1 = store.read("features")
                .where("recording_id = '" + RecordingId.of(control) + "' and variant = 0 and window_index = 1")
                .first();
        RecordingFeaturizer featurizer = new RecordingFeaturizer(SPEC);
        float[] expectedWindow = featurizer.clean(featurizer.prepare(control)).windows()[1];
        List<Float> mfcc = window1.getList(window1.fieldIndex("mfcc"));
        float[] actual = new float[mfcc.size()];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = mfcc.get(i);
        }
        assertArrayEquals(expectedWindow, actual);
        Row noisy = store.read("features").where("variant = 1").first();
        assertEquals(first.noiseCorpus().orElseThrow(), noisy.getAs("noise_corpus"));
        assertEquals(42L, noisy.<Long>getAs("noise_seed"));
    }

    @Test
    void theStatisticsOfTheFeatureVersionAtItsTableVersionAreTheFeatureRowsOwn() throws Exception {
        DeltaStore store = new DeltaStore(spark(), warehouse);
        List<Row> stats = store.read(FeatureStatsTable.NAME)
                .where(col(FeatureStatsTable.FEATURES_VERSION).equalTo(first.featuresVersion()))
                .orderBy(FeatureStatsTable.LABEL, FeatureStatsTable.VARIANT)
                .collectAsList();
        assertEquals(
                List.of(List.of(0, 0), List.of(0, 1), List.of(1, 0), List.of(1, 1), List.of(1, 2)),
                stats.stream()
                        .map(r -> List.of(r.<Integer>getAs("label"), r.<Integer>getAs("variant")))
                        .toList(),
                "one row per class and variant: the control has 1 noisy variant, the patient 2");
        List<Row> features =
                store.readVersion("features", first.featuresVersion()).collectAsList();
        Map<String, Double> durations = new java.util.HashMap<>();
        store.read("recordings")
                .collectAsList()
                .forEach(r -> durations.put(r.getAs("recording_id"), r.getAs("duration_s")));
        for (Row row : stats) {
            int label = row.getAs("label");
            int variant = row.getAs("variant");
            List<Row> group = features.stream()
                    .filter(f -> f.<Integer>getAs("label") == label && f.<Integer>getAs("variant") == variant)
                    .toList();
            String where = "label " + label + " variant " + variant;
            assertEquals(SPEC.hash(), row.getAs("feature_version"));
            assertEquals(first.runId(), row.getAs("featurize_run_id"));
            assertEquals((long) group.size(), row.<Long>getAs("windows"), where);
            assertEquals(1L, row.<Long>getAs("recordings"), where);
            assertEquals(group.size() * 401L, row.<Long>getAs("frames"), where);
            String recording = group.get(0).getAs("recording_id");
            assertEquals(List.of(durations.get(recording)), distinct(row, "duration_s_quantiles"), where);
            assertEquals(List.of((double) group.size()), distinct(row, "windows_per_recording_quantiles"), where);
            assertEquals(Map.of(16000, 1L), row.getJavaMap(row.fieldIndex("sample_rates")), where);
            assertEquals(Map.of("(not given)", 1L), row.getJavaMap(row.fieldIndex("tasks")), where);
            List<Double> means = row.getList(row.fieldIndex("coefficient_mean"));
            List<Double> sds = row.getList(row.fieldIndex("coefficient_std"));
            List<scala.collection.Seq<Double>> percentiles = row.getList(row.fieldIndex("coefficient_percentiles"));
            double rankError = row.getAs("percentile_rank_error");
            assertEquals(40, means.size());
            for (int c = 0; c < 40; c++) {
                int coefficient = c;
                double[] values = group.stream()
                        .flatMap(f -> java.util.stream.IntStream.range(0, 401)
                                .mapToObj(i ->
                                        f.<Float>getList(f.fieldIndex("mfcc")).get(i * 40 + coefficient)))
                        .mapToDouble(Float::doubleValue)
                        .sorted()
                        .toArray();
                double mean = java.util.Arrays.stream(values).average().orElseThrow();
                double sd = Math.sqrt(java.util.Arrays.stream(values)
                                .map(v -> (v - mean) * (v - mean))
                                .sum()
                        / values.length);
                assertEquals(mean, means.get(c), 1e-9 * Math.max(1, Math.abs(mean)), where + " mean " + c);
                assertEquals(sd, sds.get(c), 1e-9 * Math.max(1, sd), where + " sd " + c);
                List<Double> p = scala.collection.JavaConverters.seqAsJavaList(percentiles.get(c));
                assertEquals(101, p.size());
                assertEquals(values[0], p.get(0), where + " minimum " + c);
                assertEquals(values[values.length - 1], p.get(100), where + " maximum " + c);
                for (int i = 1; i < 100; i++) {
                    double at = p.get(i);
                    long below =
                            java.util.Arrays.stream(values).filter(v -> v < at).count();
                    long atOrBelow =
                            java.util.Arrays.stream(values).filter(v -> v <= at).count();
                    double tolerance = 2 * rankError + 1.0 / values.length;
                    org.junit.jupiter.api.Assertions.assertTrue(
                            below / (double) values.length <= i / 100.0 + tolerance
                                    && atOrBelow / (double) values.length >= i / 100.0 - tolerance,
                            where + " coefficient " + c + " percentile " + i + " has " + below + " values below"
                                    + " and " + atOrBelow + " at or below it, of " + values.length);
                }
            }
        }
    }

    /** The distinct values of an array column. */
    private static List<Double> distinct(Row row, String column) {
        return row.<Double>getList(row.fieldIndex(column)).stream().distinct().toList();
    }

    @Test
    void aRerunAddsNothingAndNewRecordingsAreTheOnlyOnesProcessed() throws Exception {
        DeltaStore store = new DeltaStore(spark(), warehouse);
        FeaturizeResult again = job().run(warehouse);
        assertEquals(0, again.recordings());
        assertEquals(0, again.rows());
        assertEquals(first.featuresVersion(), again.featuresVersion(), "a rerun writes no version");
        assertEquals(first.statsVersion(), again.statsVersion(), "nor statistics");

        ingest("later.csv", LATER + ",s3,control\n");
        FeaturizeResult later = job().run(warehouse);
        assertEquals(1, later.recordings());
        assertEquals(2L * windows(LATER), later.rows());
        assertEquals(first.rows() + later.rows(), store.read("features").count(), "no window is stored twice");
        Dataset<Row> latest = store.read(FeatureStatsTable.NAME)
                .where(col(FeatureStatsTable.FEATURES_VERSION).equalTo(later.featuresVersion()));
        assertEquals(
                List.of(3L, first.rows() + later.rows()),
                List.of(
                        latest.where("variant = 0")
                                .agg(sum("recordings"))
                                .first()
                                .getLong(0),
                        latest.agg(sum("windows")).first().getLong(0)),
                "the new version's statistics cover every recording of the feature version");
    }

    @Test
    void aRecordingTooShortForASpecIsRejectedForThatFeatureVersionOnlyAndEveryRecordingIsAccountedFor()
            throws Exception {
        String versions = dir.resolve("versions").toUri().toString();
        ingest(versions, "versions.csv", CONTROL + ",s1,control\n" + SHORT + ",s1,control\n");
        DeltaStore store = new DeltaStore(spark(), versions);
        assertEquals(2, store.read("recordings").count(), "ingest judges no spec's window");
        FeaturizeConfig clean = new FeaturizeConfig(-1, Optional.empty(), VariantPlan.cleanOnly());
        FeatureSpec threeSeconds = PipelineConfig.load(Optional.empty(), List.of("spira.features.window-seconds=3"))
                .features();
        String shortId = RecordingId.of(SharedData.bytes(SharedData.root().resolve(SHORT)));

        FeaturizeResult fourSeconds = new FeaturizeJob(spark(), clean, SPEC).run(versions);
        assertEquals(List.of(2L, (long) windows(CONTROL), 1L), counts(fourSeconds));
        Row reject = store.read("rejected")
                .where("feature_version = '" + SPEC.hash() + "'")
                .first();
        assertEquals("too_short", reject.getAs("reason"));
        assertEquals(shortId, reject.getAs("recording_id"));
        assertTrue(reject.<String>getAs("message").contains("shorter than one 4.000 s analysis window"));
        assertEquals(
                List.of("featurize", fourSeconds.runId()),
                List.of(reject.<String>getAs("stage"), reject.<String>getAs("run_id")),
                "the stage and run that rejected it");

        FeaturizeResult again = new FeaturizeJob(spark(), clean, SPEC).run(versions);
        assertEquals(List.of(0L, 0L, 0L), counts(again), "a rejected recording is not featurized again");
        assertEquals(fourSeconds.featuresVersion(), again.featuresVersion());

        FeaturizeResult three = new FeaturizeJob(spark(), clean, threeSeconds).run(versions);
        assertEquals(List.of(2L, windows(threeSeconds, CONTROL) + 1L, 0L), counts(three));
        for (FeatureSpec spec : List.of(SPEC, threeSeconds)) {
            Row accounting = spark().sql("SELECT (SELECT count(DISTINCT recording_id) FROM delta.`"
                            + store.path("features") + "` WHERE feature_version = '" + spec.hash()
                            + "') + (SELECT count(*) FROM delta.`" + store.path("rejected")
                            + "` WHERE feature_version = '" + spec.hash() + "')")
                    .first();
            assertEquals(2L, accounting.getLong(0), "recordings = featurized + rejected, per feature version");
        }
        assertEquals(
                List.of(301),
                store
                        .read("features")
                        .where("recording_id = '" + shortId + "'")
                        .select("frames")
                        .distinct()
                        .collectAsList()
                        .stream()
                        .map(r -> r.getInt(0))
                        .toList());
    }

    @Test
    void aRunWhoseEveryRecordingIsRejectedWritesNoFeaturesVersion() throws Exception {
        String onlyShort = dir.resolve("only-short").toUri().toString();
        ingest(onlyShort, "only-short.csv", SHORT + ",s1,control\n");
        FeaturizeConfig clean = new FeaturizeConfig(-1, Optional.empty(), VariantPlan.cleanOnly());
        FeaturizeResult result = new FeaturizeJob(spark(), clean, SPEC).run(onlyShort);
        assertEquals(List.of(1L, 0L, 1L), counts(result));
        assertEquals(
                List.of("WRITE", "SET TBLPROPERTIES"),
                DeltaTable.forPath(spark(), onlyShort + "/features")
                        .history()
                        .orderBy("version")
                        .select("operation")
                        .as(Encoders.STRING())
                        .collectAsList(),
                "the table's creation and the spec's property: no empty append");
        assertEquals(0, new DeltaStore(spark(), onlyShort).read("features").count());
    }

    /** Recordings read, feature rows added and recordings rejected by one run. */
    private static List<Long> counts(FeaturizeResult result) {
        return List.of(result.recordings(), result.rows(), result.rejected());
    }

    /** The single distinct value of a text column. */
    private static String onlyValue(Dataset<Row> rows, String column) {
        List<Row> values = rows.select(column).distinct().collectAsList();
        assertEquals(1, values.size(), column + " has one value");
        return values.get(0).getString(0);
    }
}
