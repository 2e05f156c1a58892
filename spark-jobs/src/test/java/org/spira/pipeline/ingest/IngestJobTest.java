package org.spira.pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.RecordingId;
import org.spira.features.decode.AudioDecoder;
import org.spira.features.quality.SpeechQuality;
import org.spira.features.testing.SharedData;
import org.spira.features.testing.WavFixture;
import org.spira.pipeline.DeltaSparkTestBase;
import org.spira.pipeline.QualityGateException;
import org.spira.pipeline.config.IngestConfig;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.tables.DeltaStore;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestJobTest extends DeltaSparkTestBase {
    private static final String KEY = "a-test-key-of-32-characters-long";
    private static final String SUBJECT_A = "0Rlzhiz6bybk77wdLjxwy7yLDhg1";
    private static final String SUBJECT_B = "L7S8iIPKgiO6QWLC3mGkROCMa0s1";
    private static final double NO_GATE = 1;

    @TempDir
    static Path dir;

    private String warehouse;
    private IngestResult first;

    /** One ingest shared by the tests that only read its tables. */
    @BeforeAll
    void ingestOnce() throws Exception {
        runBefore();
        warehouse = dir.resolve("warehouse").toUri().toString();
        first = job(NO_GATE).run(warehouse, manifest().toUri().toString());
    }

    private Path audio(String subject, String task) {
        return SharedData.root().resolve("public/audio/" + subject + "/" + task + ".wav");
    }

    /** 9 rows: 3 accepted, 1 duplicate, 5 rejected for each kind of reason. */
    private Path manifest() throws IOException {
        Path local = Files.createDirectories(dir.resolve("batch/audio"));
        Files.copy(audio(SUBJECT_A, "counting-fast"), local.resolve("a-fast.wav"));
        Files.writeString(local.resolve("garbage.wav"), "not audio");
        String csv = String.join(
                "\n",
                "path,subject_id,label,sex,age,country",
                "audio/a-fast.wav,coswara_" + SUBJECT_A + ",control,male,37,India",
                audio(SUBJECT_A, "counting-normal") + ",coswara_" + SUBJECT_A + ",0,male,37,India",
                audio(SUBJECT_B, "counting-fast") + ",coswara_" + SUBJECT_B + ",PATIENT,male,,India",
                audio(SUBJECT_A, "counting-normal") + ",coswara_" + SUBJECT_A + ",control,male,37,India",
                "audio/garbage.wav,coswara_" + SUBJECT_B + ",patient,,,",
                "audio/missing.wav,coswara_" + SUBJECT_B + ",patient,,,",
                audio(SUBJECT_A, "vowel-a") + ",coswara_" + SUBJECT_A + ",maybe,,,",
                audio(SUBJECT_B, "vowel-e") + ",,control,,,",
                ",coswara_" + SUBJECT_B + ",control,,,");
        return Files.writeString(dir.resolve("batch/manifest.csv"), csv + "\n");
    }

    /** A job whose data-quality gate admits {@code maxRejectedFraction} of the rows rejected. */
    private IngestJob job(double maxRejectedFraction) {
        SubjectPseudonymizer pseudonymizer = SubjectPseudonymizer.fromEnvironment(
                Map.of(SubjectPseudonymizer.KEY_VARIABLE, KEY), java.util.Optional.empty());
        IngestConfig config = PipelineConfig.load(
                        java.util.Optional.empty(),
                        List.of("spira.ingest.max-rejected-fraction=" + maxRejectedFraction))
                .ingest();
        return new IngestJob(spark(), config, pseudonymizer);
    }

    @Test
    void everyRowIsAcceptedRejectedOrADuplicateAndARerunChangesNothing() throws Exception {
        String manifest = dir.resolve("batch/manifest.csv").toUri().toString();
        assertEquals(9, first.listed());
        assertEquals(3, first.accepted());
        assertEquals(5, first.rejected());
        assertEquals(1, first.duplicates());

        IngestResult second = job(NO_GATE).run(warehouse, manifest);
        assertEquals(
                List.of(9L, 0L, 5L, 4L),
                List.of(second.listed(), second.accepted(), second.rejected(), second.duplicates()));
        assertEquals(first.recordingsVersion(), second.recordingsVersion(), "a rerun writes no recordings version");
        assertEquals(first.rejectedVersion(), second.rejectedVersion(), "a rerun writes no rejected version");

        DeltaStore store = new DeltaStore(spark(), warehouse);
        assertEquals(2, store.read("ingest_runs").count(), "the accounting of both runs is kept");
        assertEquals(3, store.read("recordings").count());
        assertEquals(5, store.read("rejected").count());
    }

    @Test
    void anEmptyManifestCreatesTheTablesWithNoRowAndKeepsTheRunsAccounting() throws Exception {
        String fresh = dir.resolve("empty-warehouse").toUri().toString();
        Path manifest = Files.writeString(dir.resolve("empty-manifest.csv"), "path,subject_id,label\n");
        IngestResult empty = job(NO_GATE).run(fresh, manifest.toUri().toString());
        assertEquals(
                List.of(0L, 0L, 0L, 0L),
                List.of(empty.listed(), empty.accepted(), empty.rejected(), empty.duplicates()));
        DeltaStore store = new DeltaStore(spark(), fresh);
        assertEquals(
                List.of(0L, 0L, 0L, 0L, 1L),
                List.of(
                        empty.recordingsVersion(),
                        empty.rejectedVersion(),
                        store.read("recordings").count(),
                        store.read("rejected").count(),
                        store.read("ingest_runs").count()),
                "the tables as created, and the run's accounting row");
    }

    @Test
    void moreRejectsThanTheGateAdmitsFailItAfterEveryRowIsWritten() throws Exception {
        String fresh = dir.resolve("gated-warehouse").toUri().toString();
        String manifest = dir.resolve("batch/manifest.csv").toUri().toString();
        double admitted = 4.0 / 9; // the manifest's 5 rejects of 9 rows are one too many

        QualityGateException gate =
                assertThrows(QualityGateException.class, () -> job(admitted).run(fresh, manifest));

        IngestResult written = (IngestResult) gate.written();
        assertEquals(
                List.of(9L, 3L, 5L, 1L),
                List.of(written.listed(), written.accepted(), written.rejected(), written.duplicates()));
        org.junit.jupiter.api.Assertions.assertTrue(
                gate.getMessage()
                        .startsWith("5 of the manifest's 9 rows were rejected (55.6%), more than"
                                + " spira.ingest.max-rejected-fraction = " + admitted),
                gate.getMessage());
        DeltaStore store = new DeltaStore(spark(), fresh);
        assertEquals(3, store.read("recordings").count(), "the accepted rows are written before the gate");
        assertEquals(5, store.read("rejected").count());
        assertEquals(1, store.read("ingest_runs").count());
        assertEquals(written.recordingsVersion(), store.version("recordings"));

        IngestResult admittedRerun = job(5.0 / 9).run(fresh, manifest);
        assertEquals(5, admittedRerun.rejected(), "a share equal to the limit passes the gate");
    }

    @Test
    void recordingsCarryPropertiesLabelsAndAContentAddressedCopy() throws Exception {
        Map<String, Row> byId = new DeltaStore(spark(), warehouse)
                .read("recordings").collectAsList().stream()
                        .collect(Collectors.toMap(r -> r.getAs("recording_id"), r -> r));
        byte[] patient = Files.readAllBytes(audio(SUBJECT_B, "counting-fast"));
        Row row = byId.get(RecordingId.of(patient));
        assertEquals(1, row.<Integer>getAs("label"));
        assertEquals("wav_pcm16", row.getAs("format"));
        assertEquals(16_000, row.<Integer>getAs("sample_rate"));
        assertEquals(146_091 / 16_000.0, row.<Double>getAs("duration_s"), "frames of the data chunk / its rate");
        assertFalse(List.of(row.schema().fieldNames()).contains("windows"), "nothing depends on a feature spec");
        assertEquals(3L, row.<Long>getAs("manifest_row"));
        Map<String, String> metadata = row.getJavaMap(row.fieldIndex("metadata"));
        assertEquals(Map.of("sex", "male"), new TreeMap<>(metadata), "blank values and unlisted columns are not kept");
        Path copy = Path.of(java.net.URI.create(row.getAs("audio_uri")));
        org.junit.jupiter.api.Assertions.assertTrue(
                java.util.Arrays.equals(patient, Files.readAllBytes(copy)), "the audio copy has the same bytes");
        assertEquals(
                2,
                byId.values().stream()
                        .map(r -> r.getAs("subject_key"))
                        .distinct()
                        .count());
    }

    @Test
    void rejectsCarryAStableReasonAndTheManifestRow() throws Exception {
        Map<Long, String> reasons = new TreeMap<>();
        for (Row row : new DeltaStore(spark(), warehouse).read("rejected").collectAsList()) {
            reasons.put(row.getAs("manifest_row"), row.getAs("reason"));
            assertFalse(row.<String>getAs("message").isBlank());
            assertEquals(
                    List.of("ingest", first.runId()),
                    List.of(row.<String>getAs("stage"), row.<String>getAs("run_id")),
                    "the stage and run that rejected the row");
        }
        assertEquals(
                Map.of(5L, "not_audio", 6L, "unreadable", 7L, "bad_label", 8L, "missing_subject", 9L, "missing_path"),
                reasons);
    }

    @Test
    void recordingsOutsideTheSpeechQualityLimitsAreRejectsWithTheMeasureAndTheLimit() throws Exception {
        float[] speech = new AudioDecoder()
                .decode(Files.readAllBytes(audio(SUBJECT_A, "counting-fast")))
                .mono();
        double[] clipped = new double[speech.length];
        double[] offset = new double[speech.length];
        for (int i = 0; i < speech.length; i++) {
            clipped[i] = Math.max(-1, Math.min(32767 / 32768.0, 16.0 * speech[i]));
            offset[i] = speech[i] + 0.05;
        }
        Path local = Files.createDirectories(dir.resolve("quality/audio"));
        Files.write(local.resolve("clipped.wav"), WavFixture.pcm16(clipped, 16_000));
        Files.write(local.resolve("offset.wav"), WavFixture.pcm16(offset, 16_000));
        Files.write(local.resolve("silence.wav"), WavFixture.pcm16(new double[32_000], 16_000));
        Path manifest = Files.writeString(
                dir.resolve("quality/manifest.csv"),
                String.join(
                                "\n",
                                "path,subject_id,label",
                                audio(SUBJECT_A, "counting-fast") + ",coswara_" + SUBJECT_A + ",control",
                                "audio/clipped.wav,coswara_" + SUBJECT_A + ",control",
                                "audio/offset.wav,coswara_" + SUBJECT_A + ",control",
                                "audio/silence.wav,coswara_" + SUBJECT_A + ",control")
                        + "\n");
        String fresh = dir.resolve("quality-warehouse").toUri().toString();

        IngestResult result = job(NO_GATE).run(fresh, manifest.toUri().toString());

        assertEquals(
                List.of(4L, 1L, 3L, 0L),
                List.of(result.listed(), result.accepted(), result.rejected(), result.duplicates()),
                "every row accounted for");
        DeltaStore store = new DeltaStore(spark(), fresh);
        Map<Long, String> reasons = new TreeMap<>();
        for (Row row : store.read("rejected").collectAsList()) {
            reasons.put(row.getAs("manifest_row"), row.getAs("reason") + ": " + row.getAs("message"));
        }
        assertEquals(List.of(2L, 3L, 4L), List.copyOf(reasons.keySet()));
        org.junit.jupiter.api.Assertions.assertTrue(
                reasons.get(2L).matches("clipped: \\d+\\.\\d+% of samples at full scale, above the limit 0\\.1000%.*"),
                reasons.get(2L));
        org.junit.jupiter.api.Assertions.assertTrue(
                reasons.get(3L).matches("dc_offset: a DC offset of 0\\.04\\d+, above the limit 0\\.02 .*"),
                reasons.get(3L));
        org.junit.jupiter.api.Assertions.assertTrue(
                reasons.get(4L).startsWith("mostly_silent: 100.0% of its 20 ms frames are below -50 dBFS"),
                reasons.get(4L));
        Row accepted = store.read("recordings").collectAsList().get(0);
        SpeechQuality measured =
                SpeechQuality.of(new AudioDecoder().decode(Files.readAllBytes(audio(SUBJECT_A, "counting-fast"))));
        assertEquals(
                List.of(measured.clippingRatio(), measured.silentFraction(), measured.snrDb(), measured.dcOffset()),
                List.of(
                        accepted.<Double>getAs("clipping_ratio"),
                        accepted.<Double>getAs("silent_fraction"),
                        accepted.<Double>getAs("snr_db"),
                        accepted.<Double>getAs("dc_offset")),
                "the accepted recording's measures, for analysts");
    }

    @Test
    void noSubjectIdOrSourcePathReachesAnyTableFile() throws Exception {
        Path warehouse = dir.resolve("warehouse");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(warehouse)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(warehouse.resolve("audio")))
                    .toList();
        }
        org.junit.jupiter.api.Assertions.assertTrue(files.size() > 5, "parquet data and delta logs were written");
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String secret : List.of(SUBJECT_A, SUBJECT_B, "a-fast.wav", "garbage.wav", "missing.wav", KEY)) {
                assertFalse(content.contains(secret), file + " contains " + secret);
            }
        }
    }
}
