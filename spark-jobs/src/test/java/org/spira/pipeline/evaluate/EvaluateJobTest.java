package org.spira.pipeline.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.spira.evaluation.MetricNames;
import org.spira.evaluation.TestCondition;
import org.spira.features.NoiseCorpus;
import org.spira.features.dsp.FeatureSpec;
import org.spira.pipeline.DeltaSparkTestBase;
import org.spira.pipeline.config.EvaluateConfig;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.registry.ModelLineage;
import org.spira.pipeline.registry.TrainingLineage;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.SplitsTable;
import org.spira.pipeline.tracking.MlflowServerFixture;
import org.spira.pipeline.tracking.ModelSelector;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.Tracker;

/**
 * The evaluate stage on local[2] against the real MLflow server: a small real warehouse and a
 * SpiraConvV2 trained on it ({@link EvaluationFixture}), read back through plain REST and HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvaluateJobTest extends DeltaSparkTestBase {
    @TempDir
    static Path dir;

    private MlflowServerFixture server;
    private Tracker tracker;
    private EvaluationFixture fixture;
    private ModelVersion first;
    private EvaluateResult result;

    @BeforeAll
    void trainRegisterAndEvaluate() throws Exception {
        server = MlflowServerFixture.require("evaluate-job-test");
        runBefore();
        tracker = server.tracker();
        fixture = EvaluationFixture.shared(spark());
        first = fixture.register(tracker, dir.resolve("first"));
        result = job(0.0, "first-run").run(fixture.warehouse, ModelSelector.latest());
    }

    @AfterAll
    void close() {
        if (tracker != null) {
            tracker.close();
        }
    }

    private EvaluateJob job(double margin, String work) throws Exception {
        EvaluateConfig config = PipelineConfig.load(
                        Optional.empty(),
                        List.of(
                                "spira.evaluate.noise-corpus=" + EvaluationFixture.NOISE,
                                "spira.evaluate.seed=" + EvaluationFixture.NOISE_SEED,
                                "spira.evaluate.bootstrap-replicates=200",
                                "spira.evaluate.batch-windows=3",
                                "spira.evaluate.promotion.margin=" + margin))
                .evaluate();
        return new EvaluateJob(spark(), config, tracker, Files.createDirectories(dir.resolve(work)));
    }

    /** Test recordings by label, counted from the tables independently of the job. */
    private Map<Integer, Long> testRecordings() {
        DeltaStore store = new DeltaStore(spark(), fixture.warehouse);
        Map<Integer, Long> counts = new HashMap<>();
        store.read(RecordingsTable.NAME)
                .join(
                        store.read(SplitsTable.NAME)
                                .where(col("split").equalTo("test"))
                                .select("subject_key"),
                        "subject_key")
                .groupBy("label")
                .count()
                .collectAsList()
                .forEach(row -> counts.put(row.getInt(0), row.getLong(1)));
        return counts;
    }

    @Test
    void bothConditionsAreLoggedWithReportsChartsAndVersionTags() throws Exception {
        Map<Integer, Long> test = testRecordings();
        long recordings = test.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(recordings, result.recordings().get(TestCondition.CLEAN));
        assertEquals(recordings, result.recordings().get(TestCondition.NOISY_CONTROLS));
        assertEquals(result.windows().get(TestCondition.CLEAN), result.windows().get(TestCondition.NOISY_CONTROLS));

        JsonNode run = server.run(result.runId());
        Map<String, String> tags = pairs(run.path("data").path("tags"));
        assertEquals(Long.toString(first.version()), tags.get("spira.model.version"));
        assertEquals(first.runId(), tags.get(TrainingLineage.TRAIN_RUN_ID));
        assertEquals("promoted", tags.get("spira.promotion.decision"));
        Map<String, Double> metrics = new HashMap<>();
        run.path("data")
                .path("metrics")
                .forEach(
                        m -> metrics.put(m.path("key").asText(), m.path("value").asDouble()));
        assertEquals(result.metrics(), metrics);
        for (String name : List.of("clean.recording.accuracy", "noisy_controls.recording.accuracy")) {
            Assertions.assertTrue(metrics.containsKey(name + MetricNames.LOWER), name);
        }

        for (TestCondition condition : TestCondition.values()) {
            JsonNode report = new ObjectMapper().readTree(artifact("reports/" + condition.key() + ".json"));
            assertEquals(condition.key(), report.path("condition").asText());
            assertEquals(
                    recordings,
                    report.path("recordings").path("counts").path("items").asLong());
            assertEquals(
                    test.get(1),
                    report.path("recordings").path("counts").path("patients").asLong());
            assertEquals(
                    metrics.get(condition.key() + ".recording.accuracy"),
                    report.path("recordings")
                            .path("metrics")
                            .path("accuracy")
                            .path("value")
                            .asDouble(),
                    1e-12);
            Assertions.assertTrue(new String(artifact("reports/" + condition.key() + ".md"), StandardCharsets.UTF_8)
                    .contains(condition.key()));
            for (String png : List.of("_confusion_matrix.png", "_roc.png")) {
                BufferedImage image =
                        ImageIO.read(new ByteArrayInputStream(artifact("plots/" + condition.key() + png)));
                assertNotNull(image, condition.key() + png + " decodes as an image");
            }
        }

        JsonNode version = server.rest(
                        "model-versions/get",
                        Map.of("name", tracker.registry().name(), "version", Long.toString(first.version())))
                .path("model_version");
        Map<String, String> versionTags = pairs(version.path("tags"));
        assertEquals(
                Double.toString(metrics.get("noisy_controls.recording.accuracy")),
                versionTags.get("spira.eval.noisy_controls.recording.accuracy"));
        assertEquals(result.runId(), versionTags.get("spira.eval.run_id"));
        assertEquals("0.5", versionTags.get("spira.eval.threshold"), "the threshold score applies");
        List<String> perRecording = new String(artifact("predictions/clean.csv"), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertEquals("recording_id,label,windows,probability,predicted_label", perRecording.get(0));
        assertEquals(recordings, perRecording.size() - 1, "one line per test recording");
        assertEquals("promoted", versionTags.get("spira.promotion.decision"));
        assertEquals("none", versionTags.get("spira.promotion.champion_version"));
    }

    @Test
    void theNoisyConditionEqualsWhatFeaturizeWritesForTheSameVariantAndSeed() throws Exception {
        DeltaStore store = new DeltaStore(spark(), fixture.warehouse);
        TestSet test =
                TestSet.of(spark(), store, ModelLineage.of(first).orElseThrow().training());
        NoiseCorpus corpus =
                NoiseCorpus.fromDirectory(Path.of(URI.create(EvaluationFixture.NOISE)), EvaluationFixture.SPEC);
        List<Row> onTheFly = test.noisyControlWindows(EvaluationFixture.SPEC, corpus, 1, EvaluationFixture.NOISE_SEED)
                .where(col("label").equalTo(0))
                .collectAsList();
        Map<String, Row> stored = new HashMap<>();
        store.read("features")
                .where(col("variant").equalTo(TestSet.NOISY_VARIANT))
                .collectAsList()
                .forEach(row -> stored.put(row.getAs("recording_id") + "/" + row.getAs("window_index"), row));
        assertFalse(onTheFly.isEmpty(), "the test split has controls");
        for (Row window : onTheFly) {
            Row expected = stored.get(window.getString(0) + "/" + window.getInt(2));
            assertNotNull(expected, "featurize wrote the same window");
            List<Float> a = window.getList(3);
            List<Float> b = expected.getList(expected.fieldIndex("mfcc"));
            assertEquals(b.size(), a.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(b.get(i), a.get(i), 1e-6);
            }
        }
        long patients = test.cleanWindows().where(col("label").equalTo(1)).count();
        assertEquals(
                patients,
                test.noisyControlWindows(EvaluationFixture.SPEC, corpus, 1, EvaluationFixture.NOISE_SEED)
                        .where(col("label").equalTo(1))
                        .count(),
                "patients stay clean");
    }

    @Test
    void theChampionMovesOnlyWhenTheCandidateBeatsItByTheMargin() throws Exception {
        // The same network registered again scores the same: a tie is kept at margin 0.25 and
        // promoted at margin 0 (at least the champion's value plus the margin).
        tracker.registry().setAlias("champion", first.version());
        ModelVersion second = fixture.register(tracker, dir.resolve("second"));
        EvaluateResult kept = job(0.25, "kept").run(fixture.warehouse, ModelSelector.version(second.version()));
        assertFalse(kept.promotion().promoted(), kept.promotion().reason());
        assertEquals(kept.promotion().candidate(), kept.promotion().champion());
        assertEquals(Optional.of(first.version()), kept.promotion().championVersion());
        assertEquals(first.version(), championVersion());
        assertEquals(
                "kept",
                pairs(server.run(kept.runId()).path("data").path("tags")).get("spira.promotion.decision"));

        EvaluateResult promoted = job(0.0, "promoted").run(fixture.warehouse, ModelSelector.version(second.version()));
        Assertions.assertTrue(
                promoted.promotion().promoted(), promoted.promotion().reason());
        assertEquals(second.version(), championVersion());
        assertEquals(
                "0.0",
                pairs(server.rest(
                                        "model-versions/get",
                                        Map.of(
                                                "name",
                                                tracker.registry().name(),
                                                "version",
                                                Long.toString(second.version())))
                                .path("model_version")
                                .path("tags"))
                        .get("spira.promotion.margin"));
    }

    @Test
    void theChampionIsScoredOnTheCandidatesTestSetNotTakenFromItsTags() throws Exception {
        // The champion's tag says 0.0, as if measured on another test set. Re-scored on the
        // candidate's, the same network ties, so margin 0.25 keeps it; the tag alone would not.
        ModelVersion champion = fixture.register(tracker, dir.resolve("tagged"));
        String metric = "noisy_controls.recording.accuracy";
        tracker.registry().setAlias("champion", champion.version());
        tracker.registry().setTag(champion.version(), PromotionRule.tag(metric), "0.0");
        ModelVersion candidate = fixture.register(tracker, dir.resolve("challenger"));
        PromotionDecision decision = job(0.25, "challenger")
                .run(fixture.warehouse, ModelSelector.version(candidate.version()))
                .promotion();
        Assertions.assertTrue(decision.candidate().getAsDouble() >= 0.25, "the tag alone would promote");
        assertFalse(decision.promoted(), decision.reason());
        assertEquals(decision.candidate(), decision.champion());
        assertEquals(Optional.of(champion.version()), decision.championVersion());
        assertEquals(champion.version(), championVersion());
    }

    @Test
    void aChampionOfAnotherFeatureVersionWithoutWindowsHereIsKeptAndTheDecisionSaysWhy() throws Exception {
        FeatureSpec other = EvaluationFixture.SPEC.withWindow(64_000, 32_000);
        ModelVersion champion = fixture.register(tracker, dir.resolve("other-features"), other);
        tracker.registry().setAlias("champion", champion.version());
        ModelVersion candidate = fixture.register(tracker, dir.resolve("spira-features"));
        PromotionDecision decision = job(0.0, "other-features-run")
                .run(fixture.warehouse, ModelSelector.version(candidate.version()))
                .promotion();
        assertFalse(decision.promoted(), decision.reason());
        Assertions.assertTrue(decision.reason().contains(other.hash()), decision.reason());
        assertEquals(Optional.of(champion.version()), decision.championVersion());
        assertEquals(champion.version(), championVersion());
    }

    @Test
    void noPredictionOrArtifactCarriesASubjectIdOrKey() throws Exception {
        DeltaStore store = new DeltaStore(spark(), fixture.warehouse);
        List<String> keys = store.read(RecordingsTable.NAME).select("subject_key").distinct().collectAsList().stream()
                .map(row -> row.getString(0))
                .toList();
        assertEquals(
                List.of("recording_id", "window_index", "label", "probability"),
                List.of(ScorePartition.OUTPUT.fieldNames()));
        StringBuilder everything = new StringBuilder();
        for (String path : List.of(
                "reports/clean.json", "reports/clean.md", "reports/noisy_controls.json", "reports/noisy_controls.md")) {
            everything.append(new String(artifact(path), StandardCharsets.UTF_8));
        }
        everything.append(server.run(result.runId()).toString());
        for (String secret : concat(keys, fixture.subjectIds)) {
            String bare = secret.replaceFirst("^coswara_", "");
            assertFalse(everything.toString().contains(bare), "a subject id or key reached MLflow");
        }
    }

    private long championVersion() throws Exception {
        return server.rest(
                        "registered-models/alias",
                        Map.of("name", tracker.registry().name(), "alias", "champion"))
                .path("model_version")
                .path("version")
                .asLong();
    }

    /** An artifact of the first evaluate run, through the server's artifact proxy over plain HTTP. */
    private byte[] artifact(String path) throws Exception {
        JsonNode info = server.run(result.runId()).path("info");
        String root = info.path("artifact_uri").asText().replaceFirst("^mlflow-artifacts:/", "");
        URI uri = URI.create(server.server + "/api/2.0/mlflow-artifacts/artifacts/" + root + "/" + path);
        var response =
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), path);
        return response.body();
    }

    private static Map<String, String> pairs(JsonNode list) {
        Map<String, String> map = new HashMap<>();
        list.forEach(
                node -> map.put(node.path("key").asText(), node.path("value").asText()));
        return map;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
