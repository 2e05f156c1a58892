package org.spira.pipeline.featurize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.spira.pipeline.ingest.IngestJob;
import org.spira.pipeline.ingest.SubjectPseudonymizer;
import org.spira.pipeline.tables.DeltaStore;

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
    void aRerunAddsNothingAndNewRecordingsAreTheOnlyOnesProcessed() throws Exception {
        DeltaStore store = new DeltaStore(spark(), warehouse);
        FeaturizeResult again = job().run(warehouse);
        assertEquals(0, again.recordings());
        assertEquals(0, again.rows());
        assertEquals(first.featuresVersion(), again.featuresVersion(), "a rerun writes no version");

        ingest("later.csv", LATER + ",s3,control\n");
        FeaturizeResult later = job().run(warehouse);
        assertEquals(1, later.recordings());
        assertEquals(2L * windows(LATER), later.rows());
        assertEquals(first.rows() + later.rows(), store.read("features").count(), "no window is stored twice");
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

    /** Recordings read, feature rows added and recordings rejected by one run. */
    private static List<Long> counts(FeaturizeResult result) {
        return List.of(result.recordings(), result.rows(), result.rejected());
    }

    /** The single distinct value of a text column. */
    private static String onlyValue(org.apache.spark.sql.Dataset<Row> rows, String column) {
        List<Row> values = rows.select(column).distinct().collectAsList();
        assertEquals(1, values.size(), column + " has one value");
        return values.get(0).getString(0);
    }
}
