package org.spira.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.decode.AudioDecoder;
import org.spira.features.decode.DecodedAudio;
import org.spira.features.quality.SpeechQuality;
import org.spira.features.testing.MetadataCsv;
import org.spira.features.testing.SharedData;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.QualityLimits;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.ingest.IngestJob;
import org.spira.pipeline.ingest.IngestResult;
import org.spira.pipeline.io.SparkDefaults;

/**
 * The scale corpus generator ({@code bin/make-corpus}) on 0.1 h of audio, made twice: the same
 * size gives the same bytes, every file has its own SHA-256, decodes with the project's decoder
 * to its planned length and passes ingest's speech-quality limits, the manifest lists every file
 * with a derived subject and its public subject's label, and ingest accepts every row. The plan
 * of a 20-hour corpus (no audio) has the subject, label, duration and rate distributions that
 * docs/benchmarks.md gives.
 */
class ScaleCorpusTest {
    private static final double HOURS = 0.1;
    private static final Pattern DERIVED_SUBJECT = Pattern.compile("(.+)-g([0-9]+)");

    @TempDir
    static Path work;

    private static CorpusSources sources;
    private static List<RecordingPlan> plans;

    @BeforeAll
    static void makeTheCorpusTwice() throws IOException {
        sources = CorpusSources.load(SharedData.root());
        plans = ScaleCorpus.write(sources, HOURS, work.resolve("first"), 2);
        List<RecordingPlan> again = ScaleCorpus.write(sources, HOURS, work.resolve("second"), 1);
        assertEquals(plans, again, "the same size plans the same files");
    }

    @Test
    void theSameSizeGivesByteIdenticalFilesWhateverTheThreads() throws IOException {
        List<String> first = files(work.resolve("first"));
        assertEquals(first, files(work.resolve("second")));
        assertEquals(plans.size() + 1, first.size(), "one WAV file per plan, and the manifest");
        for (String file : first) {
            assertEquals(
                    -1L,
                    Files.mismatch(
                            work.resolve("first").resolve(file),
                            work.resolve("second").resolve(file)),
                    file + " differs between two runs");
        }
    }

    @Test
    void everyFileHasItsOwnSha256() throws IOException {
        Set<String> hashes = new HashSet<>();
        for (RecordingPlan plan : plans) {
            assertTrue(
                    hashes.add(SharedData.sha256(work.resolve("first").resolve(plan.path()))),
                    plan.path() + " has the bytes of an earlier file");
        }
    }

    @Test
    void everyFileDecodesToItsPlannedLengthAndPassesIngestsQualityLimits() throws Exception {
        AudioDecoder decoder = new AudioDecoder();
        QualityLimits limits = PipelineConfig.defaults().ingest().quality();
        double seconds = 0;
        for (RecordingPlan plan : plans) {
            DecodedAudio audio =
                    decoder.decode(Files.readAllBytes(work.resolve("first").resolve(plan.path())));
            assertEquals(plan.sampleRate(), audio.sampleRate(), plan.path());
            assertEquals(plan.frames(), audio.frames(), plan.path());
            assertTrue(Arrays.stream(RecordingPlan.SAMPLE_RATES).anyMatch(rate -> rate == audio.sampleRate()));
            assertTrue(
                    audio.durationSeconds() >= RecordingPlan.MIN_SECONDS
                            && audio.durationSeconds() <= RecordingPlan.MAX_SECONDS,
                    plan.path() + " is " + audio.durationSeconds() + " s long");
            SpeechQuality quality = SpeechQuality.of(audio);
            assertEquals(Optional.empty(), limits.firstFailure(quality), plan.path() + ": " + quality);
            seconds += audio.durationSeconds();
        }
        assertTrue(
                seconds >= HOURS * 3600 && seconds <= HOURS * 3600 + RecordingPlan.MIN_SECONDS,
                "the corpus holds " + seconds + " s for " + HOURS + " h");
    }

    @Test
    void theManifestListsEveryFileWithADerivedSubjectAndItsPublicSubjectsLabel() throws IOException {
        Path corpus = work.resolve("first");
        List<String> lines = Files.readAllLines(corpus.resolve(ScaleCorpus.MANIFEST));
        assertEquals("path,subject_id,label,source,task", lines.get(0));
        List<Map<String, String>> rows = MetadataCsv.rows(corpus.resolve(ScaleCorpus.MANIFEST));
        Set<String> listed = rows.stream().map(row -> row.get("path")).collect(Collectors.toSet());
        Set<String> onDisk =
                files(corpus).stream().filter(file -> file.endsWith(".wav")).collect(Collectors.toSet());
        assertEquals(onDisk, listed);
        assertEquals(rows.size(), listed.size(), "every file listed once");

        Map<String, String> publicLabels = new HashMap<>();
        MetadataCsv.rows(SharedData.root().resolve("public/metadata.csv"))
                .forEach(row -> publicLabels.put(row.get("subject_id"), CorpusSources.label(row.get("label"))));
        Map<String, String> subjectLabels = new HashMap<>();
        for (Map<String, String> row : rows) {
            Matcher subject = DERIVED_SUBJECT.matcher(row.get("subject_id"));
            assertTrue(subject.matches(), row.toString());
            assertEquals(publicLabels.get(subject.group(1)), row.get("label"), row.toString());
            assertEquals(row.get("label"), subjectLabels.merge(row.get("subject_id"), row.get("label"), (a, b) -> a));
            assertTrue(
                    row.get("source").startsWith("scale-") && !row.get("task").isEmpty(), row.toString());
        }
        assertEquals(Set.of("control", "patient"), Set.copyOf(subjectLabels.values()), "both labels at 0.1 h");
        assertTrue(subjectLabels.size() < rows.size(), subjectLabels.size() + " subjects for " + rows.size());
    }

    @Test
    void aFileIsMadeAgainAloneFromItsIndex() throws IOException {
        RecordingPlan plan = plans.get(3);
        assertEquals(plan, RecordingPlan.of(sources, 3, Double.MAX_VALUE));
        Path alone = Files.createDirectories(work.resolve("alone"));
        ScaleCorpus.writeRecording(sources, plan, alone);
        assertEquals(
                -1L,
                Files.mismatch(alone.resolve(plan.path()), work.resolve("first").resolve(plan.path())));
    }

    @Test
    void aLargerCorpusStartsWithTheFilesOfASmallerOneButItsLast() {
        List<RecordingPlan> larger = ScaleCorpus.plans(sources, 2 * HOURS);
        assertEquals(plans.subList(0, plans.size() - 1), larger.subList(0, plans.size() - 1));
    }

    @Test
    void twentyHoursHaveThePublicSetsSubjectsAndLabelsAndMostlyShortFiles() {
        List<RecordingPlan> twenty = ScaleCorpus.plans(sources, 20);
        System.out.print(ScaleCorpus.describe(twenty));
        int files = twenty.size();
        double seconds = twenty.stream().mapToDouble(RecordingPlan::seconds).sum();
        assertTrue(seconds >= 72_000 && seconds <= 72_000 + RecordingPlan.MIN_SECONDS, seconds + " s");
        assertTrue(twenty.stream()
                .allMatch(plan ->
                        plan.seconds() >= RecordingPlan.MIN_SECONDS && plan.seconds() <= RecordingPlan.MAX_SECONDS));
        double shortShare = share(twenty, plan -> plan.seconds() <= RecordingPlan.SHORT_MAX_SECONDS);
        assertTrue(shortShare > 0.93 && shortShare < 0.97, "files of 5 to 60 s: " + shortShare);
        assertTrue(twenty.stream().anyMatch(plan -> plan.seconds() > 300), "a file of more than 5 minutes");

        double patientShare = share(twenty, plan -> plan.label().equals(CorpusSources.PATIENT));
        assertEquals(15.0 / 249, patientShare, 1.0 / files, "the public set's share of patient recordings");
        long subjects = twenty.stream().map(RecordingPlan::subjectId).distinct().count();
        double filesPerSubject = (double) files / subjects;
        assertTrue(
                filesPerSubject > 4.2 && filesPerSubject < 5.0, "files per subject (public: 4.61): " + filesPerSubject);
        Set<String> publicSubjects = twenty.stream()
                .map(plan -> plan.subjectId().replaceFirst("-g[0-9]+$", ""))
                .collect(Collectors.toSet());
        assertEquals(54, publicSubjects.size(), "every public subject is used");

        double sixteenKilohertz = share(twenty, plan -> plan.sampleRate() == 16_000);
        assertTrue(sixteenKilohertz > 0.65 && sixteenKilohertz < 0.75, "16 kHz files: " + sixteenKilohertz);
        for (int rate : RecordingPlan.SAMPLE_RATES) {
            assertTrue(twenty.stream().anyMatch(plan -> plan.sampleRate() == rate), rate + " Hz");
        }
    }

    @Test
    void ingestAcceptsEveryRowOfTheManifest() throws IOException {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("scale-corpus-test");
        SparkDefaults.read(Path.of("../conf/spark-defaults.conf")).forEach(conf::set);
        conf.set("spark.ui.enabled", "false");
        SubjectPseudonymizer key = SubjectPseudonymizer.fromEnvironment(
                Map.of(SubjectPseudonymizer.KEY_VARIABLE, "scale-corpus-test-key-0123456789"), Optional.empty());
        try (SparkSession spark = SparkSession.builder().config(conf).getOrCreate()) {
            IngestResult result = new IngestJob(spark, PipelineConfig.defaults().ingest(), key)
                    .run(
                            work.resolve("warehouse").toUri().toString(),
                            work.resolve("first")
                                    .resolve(ScaleCorpus.MANIFEST)
                                    .toUri()
                                    .toString());
            assertEquals(plans.size(), result.listed());
            assertEquals(plans.size(), result.accepted(), result.toString());
        }
    }

    private static double share(List<RecordingPlan> plans, java.util.function.Predicate<RecordingPlan> which) {
        return plans.stream().filter(which).count() / (double) plans.size();
    }

    /** Every regular file under {@code root}, as sorted '/'-separated relative paths. */
    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }
}
