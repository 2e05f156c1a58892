package org.spira.pipeline.score;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.testing.SharedData;
import org.spira.pipeline.DeltaSparkTestBase;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.evaluate.EvaluateJob;
import org.spira.pipeline.evaluate.EvaluateResult;
import org.spira.pipeline.evaluate.EvaluationFixture;
import org.spira.pipeline.ingest.IngestJob;
import org.spira.pipeline.predict.FilePrediction;
import org.spira.pipeline.predict.PredictModel;
import org.spira.pipeline.predict.Predictor;
import org.spira.pipeline.tables.DeltaLog;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.PredictionsTable;
import org.spira.pipeline.tables.PredictionsTable.Prediction;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RejectedTable;
import org.spira.pipeline.tables.RowFields;
import org.spira.pipeline.tracking.MlflowServerFixture;
import org.spira.pipeline.tracking.ModelSelector;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.Tracker;

/**
 * The score stage on local[2] against the real MLflow server, with the model and warehouse of
 * {@link EvaluationFixture}: the version is evaluated (which promotes it to champion and records
 * its threshold and per-recording probabilities), then scored twice by its alias. Checked against
 * the tables read back, evaluate's own probabilities, spira-predict's, and a second warehouse
 * whose audio object of one recording was deleted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScoreJobTest extends DeltaSparkTestBase {
    @TempDir
    static Path dir;

    private MlflowServerFixture server;
    private Tracker tracker;
    private EvaluationFixture fixture;
    private DeltaStore store;
    private ModelVersion version;
    private EvaluateResult evaluated;
    private ScoreResult first;
    private ScoreResult rerun;
    private long[] versionsAfterFirst;

    @BeforeAll
    void evaluateThenScoreTwice() throws Exception {
        server = MlflowServerFixture.require("score-job-test");
        runBefore();
        tracker = server.tracker();
        fixture = EvaluationFixture.shared(spark());
        store = new DeltaStore(spark(), fixture.warehouse);
        version = fixture.register(tracker, dir.resolve("registered"));
        PipelineConfig config = config();
        evaluated = new EvaluateJob(
                        spark(), config.evaluate(), tracker, Files.createDirectories(dir.resolve("evaluate")))
                .run(fixture.warehouse, ModelSelector.version(version.version()));
        first = job("first").run(fixture.warehouse, ModelSelector.alias("champion"), OptionalLong.empty());
        versionsAfterFirst = new long[] {store.version(PredictionsTable.NAME), store.version(RejectedTable.NAME)};
        rerun = job("rerun").run(fixture.warehouse, ModelSelector.alias("champion"), OptionalLong.empty());
    }

    @AfterAll
    void close() {
        if (tracker != null) {
            tracker.close();
        }
    }

    /** Score with 3 windows per inference call, so recordings take several calls. */
    private static PipelineConfig config() {
        return PipelineConfig.load(
                Optional.empty(),
                List.of(
                        "spira.evaluate.noise-corpus=" + EvaluationFixture.NOISE,
                        "spira.evaluate.seed=" + EvaluationFixture.NOISE_SEED,
                        "spira.evaluate.bootstrap-replicates=200",
                        "spira.score.batch-windows=3"));
    }

    private ScoreJob job(String work) throws Exception {
        PipelineConfig config = config();
        return new ScoreJob(
                spark(),
                config.score(),
                config.evaluate().evaluation().decision(),
                tracker,
                Files.createDirectories(dir.resolve(work)));
    }

    /** This version's predictions, by recording id. */
    private Map<String, Prediction> predictions() {
        Map<String, Prediction> byRecording = new HashMap<>();
        store.read(PredictionsTable.NAME)
                .where(PredictionsTable.ofVersion(version.model(), version.version()))
                .collectAsList()
                .forEach(row ->
                        byRecording.put(RowFields.string(row, PredictionsTable.RECORDING_ID), Prediction.fromRow(row)));
        return byRecording;
    }

    @Test
    void everyRecordingIsScoredOrRejectedForTheReasonFeaturizeFound() {
        long recordings = store.read(RecordingsTable.NAME).count();
        long tooShort = store.read(RejectedTable.NAME)
                .where(col(RejectedTable.STAGE)
                        .equalTo("featurize")
                        .and(col(RejectedTable.FEATURE_VERSION).equalTo(EvaluationFixture.SPEC.hash())))
                .count();
        assertEquals(recordings, first.considered());
        assertEquals(0, first.alreadyScored());
        assertEquals(recordings - tooShort, first.scored());
        assertEquals(tooShort, first.rejected());
        assertEquals(tooShort == 0 ? Map.of() : Map.of("too_short", tooShort), first.rejectsByReason());
        assertEquals(
                first.scored(),
                first.predictedByClass().values().stream()
                        .mapToLong(Long::longValue)
                        .sum());
        Map<String, Prediction> predictions = predictions();
        assertEquals(first.scored(), predictions.size());
        for (Prediction p : predictions.values()) {
            assertEquals(first.runId(), p.scoreRunId());
            assertEquals(EvaluationFixture.SPEC.hash(), p.featureVersion());
            assertEquals(0.5, p.threshold());
            assertEquals(p.probability() >= 0.5 ? 1 : 0, p.predictedLabel());
            Assertions.assertTrue(p.windows() >= 1);
        }
        assertEquals(
                first.predictedByClass().get("patient"),
                predictions.values().stream()
                        .filter(p -> p.predictedLabel() == 1)
                        .count());
    }

    @Test
    void aRerunAddsNothingAndWritesNoVersion() {
        assertEquals(0, rerun.scored());
        assertEquals(first.scored(), rerun.alreadyScored());
        assertEquals(first.rejected(), rerun.rejected(), "rejects are found again, and not written twice");
        assertEquals(versionsAfterFirst[0], rerun.predictionsVersion());
        assertEquals(versionsAfterFirst[1], rerun.rejectedVersion());
        assertEquals(versionsAfterFirst[0], store.version(PredictionsTable.NAME));
        assertEquals(first.scored(), predictions().size());
    }

    /** Train/serve parity: score featurizes the audio again, evaluate reads the stored windows. */
    @Test
    void eachTestRecordingGetsTheProbabilityEvaluateGaveIt() throws Exception {
        String artifactUri =
                server.run(evaluated.runId()).path("info").path("artifact_uri").asText();
        List<String> lines = new String(server.artifact(artifactUri, "predictions/clean.csv"), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertEquals("recording_id,label,windows,probability,predicted_label", lines.get(0));
        assertEquals(evaluated.recordings().get(org.spira.evaluation.TestCondition.CLEAN), lines.size() - 1);
        Map<String, Prediction> predictions = predictions();
        double largest = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            Prediction scored = predictions.get(fields[0]);
            assertEquals(Integer.parseInt(fields[2]), scored.windows(), fields[0]);
            largest = Math.max(largest, Math.abs(Double.parseDouble(fields[3]) - scored.probability()));
            assertEquals(Integer.parseInt(fields[4]), scored.predictedLabel(), fields[0]);
        }
        System.out.println(
                "parity: " + (lines.size() - 1) + " test recordings, largest |score - evaluate| = " + largest);
        Assertions.assertTrue(largest <= 1e-6, "largest |score - evaluate| = " + largest);
    }

    @Test
    void spiraPredictGivesTheFilesTheProbabilitiesScoreGaveTheirAudio() throws Exception {
        PredictModel model = PredictModel.load(
                "models:/" + version.model() + "@champion",
                Optional.empty(),
                server.environment,
                Files.createDirectories(dir.resolve("predict")));
        assertEquals(0.5, model.threshold().value());
        Assertions.assertTrue(model.description().contains("tag spira.eval.threshold of version " + version.version()));
        Predictor predictor = new Predictor(model, 64);
        Map<String, Prediction> predictions = predictions();
        int compared = 0;
        double largest = 0;
        for (Path file : fixture.audioFiles) {
            FilePrediction local = predictor.predict(file);
            Prediction scored = predictions.get(local.recordingId());
            assertEquals(scored != null, local.scored(), file.getFileName().toString());
            if (scored != null) {
                largest = Math.max(
                        largest, Math.abs(scored.probability() - local.outcome().probability()));
                assertEquals(scored.predictedLabel(), local.outcome().predictedLabel());
                assertEquals(scored.windows(), local.outcome().windows());
                compared++;
            }
        }
        System.out.println("spira-predict: " + compared + " files, largest |predict - score| = " + largest);
        Assertions.assertTrue(largest <= 1e-6, "largest |spira-predict - score| = " + largest);
        assertEquals(first.scored(), compared);
    }

    @Test
    void aMissingAudioObjectBecomesARejectedRowAndEveryOtherRecordingIsScored() throws Exception {
        Path audio = SharedData.root().resolve("public/audio");
        String manifest = "path,subject_id,label\n" + audio.resolve("0Rlzhiz6bybk77wdLjxwy7yLDhg1/counting-fast.wav")
                + ",s1,control\n" + audio.resolve("L7S8iIPKgiO6QWLC3mGkROCMa0s1/counting-fast.wav") + ",s2,patient\n";
        Path csv = Files.writeString(dir.resolve("hospital.csv"), manifest);
        String hospital = dir.resolve("hospital").toUri().toString();
        SubjectPseudonymizer key = SubjectPseudonymizer.fromEnvironment(
                Map.of(SubjectPseudonymizer.KEY_VARIABLE, "a-test-key-of-32-characters-long"), Optional.empty());
        new IngestJob(spark(), PipelineConfig.defaults().ingest(), key)
                .run(hospital, csv.toUri().toString());
        DeltaStore other = new DeltaStore(spark(), hospital);
        Row lost = other.read(RecordingsTable.NAME)
                .orderBy(RecordingsTable.RECORDING_ID)
                .first();
        Files.delete(Path.of(java.net.URI.create(RowFields.string(lost, RecordingsTable.AUDIO_URI))));

        ScoreResult scored = job("hospital").run(hospital, ModelSelector.alias("champion"), OptionalLong.empty());
        assertEquals(
                List.of(2L, 1L, 1L, 0L),
                List.of(scored.considered(), scored.scored(), scored.rejected(), scored.alreadyScored()));
        assertEquals(Map.of("unreadable", 1L), scored.rejectsByReason());
        Row reject = other.read(RejectedTable.NAME)
                .where(col(RejectedTable.STAGE).equalTo("score"))
                .first();
        assertEquals(
                RowFields.string(lost, RecordingsTable.RECORDING_ID),
                RowFields.string(reject, RejectedTable.RECORDING_ID));
        assertEquals("unreadable", RowFields.string(reject, RejectedTable.REASON));
        assertEquals(EvaluationFixture.SPEC.hash(), RowFields.string(reject, RejectedTable.FEATURE_VERSION));
        assertEquals(scored.runId(), RowFields.string(reject, RejectedTable.RUN_ID));
        assertEquals(csv.toUri().toString(), RowFields.string(reject, RejectedTable.MANIFEST_URI));
        Assertions.assertTrue(RowFields.string(reject, RejectedTable.MESSAGE).contains("audio object is missing"));

        ScoreResult again = job("hospital-again").run(hospital, ModelSelector.alias("champion"), OptionalLong.empty());
        assertEquals(List.of(0L, 1L, 1L), List.of(again.scored(), again.rejected(), again.alreadyScored()));
        assertEquals(scored.rejectedVersion(), again.rejectedVersion());
        assertEquals(scored.predictionsVersion(), again.predictionsVersion());
        assertEquals(
                DeltaLog.columns(PredictionsTable.CONTRACT.schema()),
                DeltaLog.columns(DeltaLog.schema(other.path(PredictionsTable.NAME))),
                "the predictions table written has the contract's columns");
    }

    @Test
    void theRunRecordsTheModelTheTablesItReadAndThePredictionsItWrote() throws Exception {
        JsonNode run = server.run(first.runId());
        assertEquals("FINISHED", run.path("info").path("status").asText());
        Map<String, String> tags = pairs(run.path("data").path("tags"));
        assertEquals(version.model(), tags.get("spira.model.name"));
        assertEquals(Long.toString(version.version()), tags.get("spira.model.version"));
        assertEquals(EvaluationFixture.SPEC.hash(), tags.get("spira.feature_spec.hash"));
        assertEquals(Long.toString(first.recordingsVersion()), tags.get("spira.recordings.version"));
        assertEquals(Long.toString(first.predictionsVersion()), tags.get("spira.predictions.version"));
        assertEquals("0.5", tags.get("spira.score.threshold"));
        Map<String, String> contexts = new HashMap<>();
        run.path("inputs")
                .path("dataset_inputs")
                .forEach(input -> contexts.put(
                        input.path("dataset").path("name").asText(),
                        input.path("tags").path(0).path("value").asText()));
        assertEquals(
                Map.of(RecordingsTable.NAME, "scoring", PredictionsTable.NAME, "output", RejectedTable.NAME, "output"),
                contexts);
        Map<String, String> params = pairs(run.path("data").path("params"));
        assertEquals("3", params.get("spira.score.batch-windows"));
        Assertions.assertTrue(params.get("score.threshold_source").startsWith("tag spira.eval.threshold"));
    }

    @Test
    void noSubjectKeyOrIdReachesThePredictionsOrTheRun() throws Exception {
        List<String> keys =
                store.read(RecordingsTable.NAME).select(RecordingsTable.SUBJECT_KEY).distinct().collectAsList().stream()
                        .map(row -> row.getString(0))
                        .toList();
        StringBuilder everything = new StringBuilder();
        store.read(PredictionsTable.NAME).collectAsList().forEach(row -> everything.append(row.toString()));
        everything.append(server.run(first.runId()).toString());
        for (String secret : java.util.stream.Stream.concat(keys.stream(), fixture.subjectIds.stream())
                .toList()) {
            assertFalse(everything.toString().contains(secret.replaceFirst("^coswara_", "")), "a subject id or key");
        }
        assertFalse(List.of(PredictionsTable.CONTRACT.schema().fieldNames()).contains(RecordingsTable.SUBJECT_KEY));
    }

    private static Map<String, String> pairs(JsonNode list) {
        Map<String, String> map = new HashMap<>();
        list.forEach(
                node -> map.put(node.path("key").asText(), node.path("value").asText()));
        return map;
    }
}
