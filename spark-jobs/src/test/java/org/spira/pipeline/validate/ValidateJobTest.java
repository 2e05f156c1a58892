package org.spira.pipeline.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.decode.AudioDecoder;
import org.spira.features.decode.DecodedAudio;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.spark.VariantPlan;
import org.spira.features.testing.MetadataCsv;
import org.spira.features.testing.SharedData;
import org.spira.pipeline.DeltaSparkTestBase;
import org.spira.pipeline.QualityGateException;
import org.spira.pipeline.config.FeaturizeConfig;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.SplitConfig;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.config.ValidateConfig;
import org.spira.pipeline.featurize.FeaturizeJob;
import org.spira.pipeline.ingest.IngestJob;
import org.spira.pipeline.registry.TrainingLineage;
import org.spira.pipeline.registry.UntrainedVersions;
import org.spira.pipeline.split.SplitJob;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.SplitsTable;
import org.spira.pipeline.tracking.MlflowServerFixture;
import org.spira.pipeline.tracking.ModelSelector;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.Tracker;

/**
 * The validate stage on local[2] against the real MLflow server, on the shared public recordings
 * split at random by subject into two halves: a version registered on the first half, the second
 * half added (which must pass), then the second half again through a telephone band and with a
 * gain that clips (which must not), then broken invariants.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ValidateJobTest extends DeltaSparkTestBase {
    private static final FeatureSpec SPEC = FeatureSpec.spira();

    @TempDir
    static Path dir;

    private MlflowServerFixture server;
    private Tracker tracker;
    private String warehouse;
    private DeltaStore store;
    private List<Map<String, String>> secondHalf;

    @BeforeAll
    void firstHalfTrainedOnAndSecondHalfAdded() throws Exception {
        server = MlflowServerFixture.require("validate-job-test");
        runBefore();
        tracker = server.tracker();
        warehouse = dir.resolve("warehouse").toUri().toString();
        store = new DeltaStore(spark(), warehouse);
        Path root = SharedData.root().resolve("public");
        List<Map<String, String>> rows = new ArrayList<>(MetadataCsv.rows(root.resolve("metadata.csv")));
        rows.sort(Comparator.comparing(row -> row.get("path")));
        List<String> subjects =
                rows.stream().map(r -> r.get("subject_id")).distinct().collect(Collectors.toList());
        Collections.shuffle(subjects, new Random(7));
        List<String> first = subjects.subList(0, subjects.size() / 2);
        List<Map<String, String>> firstHalf =
                rows.stream().filter(r -> first.contains(r.get("subject_id"))).toList();
        secondHalf =
                rows.stream().filter(r -> !first.contains(r.get("subject_id"))).toList();
        addRecordings("first", firstHalf, row -> root.resolve(row.get("path")));
        new SplitJob(spark(), new SplitConfig(0.8, 0.1, 0.1, 42)).run(warehouse);
        UntrainedVersions.register(tracker, store, SPEC);
        addRecordings("second", secondHalf, row -> root.resolve(row.get("path")));
    }

    @AfterAll
    void close() {
        if (tracker != null) {
            tracker.close();
        }
    }

    @Test
    @Order(1)
    void theOtherHalfOfTheSharedRecordingsPassesAndTheReportIsInMlflow() throws Exception {
        ValidateResult result = job(List.of(), "half").run(store, ModelSelector.latest());
        print("half against half", result);
        assertEquals(List.of(), result.failureMessages());
        assertEquals(newCleanRecordings(1), result.newRecordings(), "the second half's featurized recordings");
        assertEquals(40, result.validation().coefficientJsd().size());
        ModelVersion version = tracker.registry().latest().orElseThrow();
        assertEquals(result.runId(), version.tags().get(ValidateJob.TAG_RUN_ID));
        assertEquals("true", version.tags().get(ValidateJob.TAG_PASSED));
        JsonNode run = server.run(result.runId());
        String artifacts = run.at("/info/artifact_uri").asText();
        JsonNode report = new ObjectMapper()
                .readTree(server.artifact(artifacts, ValidateJob.ARTIFACTS + "/" + ValidateJob.REPORT_JSON));
        assertEquals(true, report.get("passed").asBoolean());
        assertEquals(
                result.maxCoefficientJsd(),
                java.util.stream.StreamSupport.stream(
                                report.get("coefficient_jsd").spliterator(), false)
                        .mapToDouble(JsonNode::asDouble)
                        .max()
                        .orElseThrow(),
                1e-12);
        byte[] png = server.artifact(artifacts, ValidateJob.ARTIFACTS + "/" + ValidateJob.CHART);
        assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("validate", run.at("/info/run_name").asText());
    }

    @Test
    @Order(2)
    void theSameSpeechThroughATelephoneBandAndClippedFailsTheGate() throws Exception {
        UntrainedVersions.register(tracker, store, SPEC);
        Path changed = Files.createDirectories(dir.resolve("changed"));
        List<Map<String, String>> clippedRows = secondHalf.subList(0, 30);
        addRecordings("telephone", secondHalf, row -> changedCopy(row, changed, "telephone", false));
        addRecordings("clipped", clippedRows, row -> changedCopy(row, changed, "clipped", true));
        QualityGateException gate = assertThrows(
                QualityGateException.class, () -> job(List.of(), "telephone").run(store, ModelSelector.latest()));
        ValidateResult result = (ValidateResult) gate.written();
        print("telephone band against the trained-on", result);
        assertFalse(result.passed());
        assertEquals(newCleanRecordings(2), result.newRecordings());
        assertEquals(
                Optional.of(secondHalf.size() / (double) (secondHalf.size() + clippedRows.size())),
                result.validation().quality().passRate(),
                "the clipped copies are rejected by ingest");
        String message = gate.getMessage();
        org.junit.jupiter.api.Assertions.assertTrue(message.contains("spira.validate.max-coefficient-jsd"), message);
        org.junit.jupiter.api.Assertions.assertTrue(message.contains("spira.validate.min-quality-pass-rate"), message);
        assertEquals("false", tracker.registry().latest().orElseThrow().tags().get(ValidateJob.TAG_PASSED));
    }

    @Test
    @Order(3)
    void aSubjectMovedToAnotherSplitAndFeatureRowsWithoutTheirRecordingFailTheGate() throws Exception {
        String splits = store.path(SplitsTable.NAME);
        String moved =
                store.read(SplitsTable.NAME).where("split = 'train'").first().getAs("subject_key");
        spark().sql("UPDATE delta.`" + splits + "` SET split = 'test' WHERE subject_key = '" + moved + "'");
        String recording = store.read(FeaturesTable.NAME).first().getAs("recording_id");
        long rows = store.read(FeaturesTable.NAME)
                .where("recording_id = '" + recording + "'")
                .count();
        spark().sql("DELETE FROM delta.`" + store.path(RecordingsTable.NAME) + "` WHERE recording_id = '" + recording
                + "'");
        List<String> lenient = List.of(
                "spira.validate.max-coefficient-jsd=1",
                "spira.validate.max-categorical-jsd=1",
                "spira.validate.min-quality-pass-rate=0");
        QualityGateException gate = assertThrows(
                QualityGateException.class, () -> job(lenient, "invariants").run(store, ModelSelector.latest()));
        Validation.Invariants invariants =
                ((ValidateResult) gate.written()).validation().invariants();
        assertEquals(
                List.of(1L, rows), List.of(invariants.subjectsInTwoSplits(), invariants.featureRowsWithoutRecording()));
        assertEquals(2, ((ValidateResult) gate.written()).failureMessages().size(), gate.getMessage());
        assertFalse(gate.getMessage().contains(moved), "no subject key in the message");
    }

    private ValidateJob job(List<String> settings, String work) throws IOException {
        ValidateConfig config = PipelineConfig.load(Optional.empty(), settings).validate();
        return new ValidateJob(config, tracker, Files.createDirectories(dir.resolve(work)));
    }

    /** Ingests the rows' audio (as {@code audio} gives it) and featurizes it, clean only. */
    private void addRecordings(
            String name, List<Map<String, String>> rows, java.util.function.Function<Map<String, String>, Path> audio)
            throws IOException {
        StringBuilder csv = new StringBuilder("path,subject_id,label,source,task\n");
        for (Map<String, String> row : rows) {
            csv.append(String.join(
                            ",",
                            audio.apply(row).toString(),
                            row.get("subject_id"),
                            row.get("label").equals("respiratory") ? "patient" : "control",
                            row.get("source"),
                            row.get("task")))
                    .append('\n');
        }
        Path manifest = Files.writeString(dir.resolve(name + ".csv"), csv);
        SubjectPseudonymizer key = SubjectPseudonymizer.fromEnvironment(
                Map.of(SubjectPseudonymizer.KEY_VARIABLE, "a-test-key-of-32-characters-long"), Optional.empty());
        try {
            new IngestJob(spark(), PipelineConfig.defaults().ingest(), key)
                    .run(warehouse, manifest.toUri().toString());
        } catch (QualityGateException e) {
            // the clipped copies are all rejected: more than spira.ingest.max-rejected-fraction of that manifest
        }
        new FeaturizeJob(spark(), new FeaturizeConfig(-1, Optional.empty(), VariantPlan.cleanOnly()), SPEC)
                .run(warehouse);
    }

    /** Recordings with clean windows added since registered version {@code version} was trained. */
    private long newCleanRecordings(long version) {
        long trained = Long.parseLong(tracker.registry().version(version).tags().get(TrainingLineage.FEATURES_VERSION));
        return store.read(FeaturesTable.NAME)
                .where("variant = 0")
                .select("recording_id")
                .distinct()
                .except(store.readVersion(FeaturesTable.NAME, trained)
                        .select("recording_id")
                        .distinct())
                .count();
    }

    /**
     * A 16-bit WAV copy of the row's recording: through a telephone band (second-order high-pass at
     * 300 Hz, then low-pass at 3.4 kHz), or 20 times louder, clipped at full scale.
     */
    private static Path changedCopy(Map<String, String> row, Path folder, String kind, boolean clip) {
        try {
            Path source = SharedData.root().resolve("public").resolve(row.get("path"));
            DecodedAudio audio = new AudioDecoder().decode(Files.readAllBytes(source));
            float[] samples = audio.mono().clone();
            if (clip) {
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = Math.max(-1f, Math.min(1f, 20 * samples[i]));
                }
            } else {
                biquad(samples, audio.sampleRate(), 300, true);
                biquad(samples, audio.sampleRate(), 3400, false);
            }
            Path copy = folder.resolve(kind + "-" + row.get("path").replace('/', '_'));
            Files.write(copy, wav(samples, audio.sampleRate()));
            return copy;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Butterworth (Q = 1/sqrt 2) biquad in place, RBJ's cookbook coefficients. */
    private static void biquad(float[] x, int rate, double cutoff, boolean highPass) {
        double w = 2 * Math.PI * cutoff / rate;
        double alpha = Math.sin(w) / Math.sqrt(2);
        double cos = Math.cos(w);
        double b0 = highPass ? (1 + cos) / 2 : (1 - cos) / 2;
        double b1 = highPass ? -(1 + cos) : 1 - cos;
        double a0 = 1 + alpha;
        double a1 = -2 * cos;
        double a2 = 1 - alpha;
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (int i = 0; i < x.length; i++) {
            double y = (b0 * x[i] + b1 * x1 + b0 * x2 - a1 * y1 - a2 * y2) / a0;
            x2 = x1;
            x1 = x[i];
            y2 = y1;
            y1 = y;
            x[i] = (float) y;
        }
    }

    private static byte[] wav(float[] samples, int rate) {
        ByteBuffer data = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            data.putShort((short) Math.round(Math.max(-1, Math.min(1, s)) * 32767));
        }
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(36 + data.capacity()).put("WAVE".getBytes());
        header.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1);
        header.putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        header.put("data".getBytes()).putInt(data.capacity());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(data.array());
        return out.toByteArray();
    }

    private static void print(String what, ValidateResult result) {
        System.out.printf(
                Locale.ROOT,
                "validate, %s: %d new recordings, coefficient JSD max %.4f, %s, pass rate %s%n",
                what,
                result.newRecordings(),
                result.maxCoefficientJsd(),
                result.categoricalJsd(),
                result.qualityPassRate());
        System.out.println("  per coefficient: "
                + result.validation().coefficientJsd().stream()
                        .map(d -> String.format(Locale.ROOT, "%.4f", d))
                        .toList());
    }
}
