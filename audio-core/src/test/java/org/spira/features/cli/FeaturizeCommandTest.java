package org.spira.features.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.FeaturizedVariant;
import org.spira.features.NoiseCorpus;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.RecordingId;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.npy.Npy;
import org.spira.features.npy.NpyArray;
import org.spira.features.testing.SharedData;
import picocli.CommandLine;

class FeaturizeCommandTest {
    private static final String SUBJECT = "public/audio/0Rlzhiz6bybk77wdLjxwy7yLDhg1/";

    @TempDir
    Path out;

    private final StringWriter stdout = new StringWriter();
    private final StringWriter stderr = new StringWriter();

    private int run(Object... args) {
        CommandLine command = new CommandLine(new FeaturizeCommand());
        command.setOut(new PrintWriter(stdout));
        command.setErr(new PrintWriter(stderr));
        return command.execute(
                java.util.Arrays.stream(args).map(String::valueOf).toArray(String[]::new));
    }

    private static Path shared(String relative) {
        return SharedData.root().resolve(relative);
    }

    @Test
    void writesFeaturesEqualToTheLibraryAndOneLinePerInput() throws Exception {
        Path wav = shared(SUBJECT + "counting-fast.wav");
        assertEquals(0, run("--output", out, wav));
        NpyArray array = Npy.read(out.resolve("counting-fast.npy"));
        RecordingFeaturizer featurizer = new RecordingFeaturizer(FeatureSpec.spira());
        float[][] expected =
                featurizer.clean(featurizer.prepare(Files.readAllBytes(wav))).windows();
        assertArrayEquals(new int[] {expected.length, 401, 40}, array.shape());
        for (int w = 0; w < expected.length; w++) {
            assertArrayEquals(expected[w], array.slice(w));
        }
        assertEquals(
                List.of("ok\t" + wav + "\t" + expected.length + " windows\t" + out.resolve("counting-fast.npy")),
                stdout.toString().lines().toList());
        String json = Files.readString(out.resolve("counting-fast.json"));
        assertTrue(json.contains("\"recording_id\":\"" + RecordingId.of(Files.readAllBytes(wav)) + "\""), json);
        assertTrue(json.contains("\"feature_version\":\"" + FeatureSpec.spira().hash() + "\""), json);
        assertTrue(json.contains("\"variant\":0"), json);
    }

    @Test
    void rejectedInputsAreReportedWithTheirReasonAndExitThree() throws Exception {
        Path good = shared(SUBJECT + "counting-normal.wav");
        Path garbage = Files.writeString(out.resolve("garbage.wav"), "not a recording");
        Path missing = out.resolve("missing.wav");
        Path tooShort = shared("native-rate/klettres-pt_BR/alpha/a.ogg");
        Path results = out.resolve("features");
        assertEquals(FeaturizeCommand.EXIT_REJECTED, run("--output", results, good, garbage, missing, tooShort));
        List<String> lines = stdout.toString().lines().toList();
        assertEquals(4, lines.size(), "one line per input, in input order");
        assertTrue(lines.get(0).startsWith("ok\t" + good + "\t"), lines.get(0));
        assertTrue(lines.get(1).startsWith("rejected\t" + garbage + "\tnot_audio\t"), lines.get(1));
        assertTrue(lines.get(2).startsWith("rejected\t" + missing + "\tunreadable\t"), lines.get(2));
        assertTrue(lines.get(3).startsWith("rejected\t" + tooShort + "\ttoo_short\t"), lines.get(3));
        assertTrue(Files.exists(results.resolve("counting-normal.npy")));
        assertFalse(Files.exists(results.resolve("garbage.npy")));
        assertFalse(Files.exists(results.resolve("a.npy")));
    }

    @Test
    void aNoisyVariantMatchesTheLibraryDrawForTheSameRecording() throws Exception {
        Path wav = shared(SUBJECT + "counting-normal.wav");
        Path noise = shared("noise");
        assertEquals(0, run("--output", out, "--noise", noise, "--variant", 2, "--seed", 7, "--noise-count", 2, wav));
        FeatureSpec spec = FeatureSpec.spira();
        RecordingFeaturizer featurizer = new RecordingFeaturizer(spec, NoiseCorpus.fromDirectory(noise, spec));
        byte[] bytes = Files.readAllBytes(wav);
        FeaturizedVariant expected = featurizer.noisy(featurizer.prepare(bytes), RecordingId.of(bytes), 2, 7, 2);
        NpyArray array = Npy.read(out.resolve("counting-normal.npy"));
        assertArrayEquals(expected.windows()[3], array.slice(3));
        String json = Files.readString(out.resolve("counting-normal.json"));
        assertTrue(json.contains("\"variant\":2"), json);
        assertTrue(json.contains("\"id\":\"" + expected.noise().get(0).noiseId() + "\""), json);
        assertTrue(json.contains("\"offset\":" + expected.noise().get(1).offset()), json);
    }

    @Test
    void aSpecFileGivesAnotherFeatureVersion() throws Exception {
        Path vowel = shared(SUBJECT + "vowel-a.wav"); // 3.669 s: shorter than SPIRA's 4 s window
        FeatureSpec threeSeconds = FeatureSpec.spira().withWindow(48_000, 16_000);
        Path spec = Files.writeString(out.resolve("spec.json"), threeSeconds.toJson());
        assertEquals(FeaturizeCommand.EXIT_REJECTED, run("--output", out.resolve("spira"), vowel));
        assertTrue(stdout.toString().startsWith("rejected\t" + vowel + "\ttoo_short\t"), stdout.toString());

        assertEquals(0, run("--output", out, "--spec", spec, vowel));
        RecordingFeaturizer featurizer = new RecordingFeaturizer(threeSeconds);
        float[][] expected =
                featurizer.clean(featurizer.prepare(Files.readAllBytes(vowel))).windows();
        NpyArray array = Npy.read(out.resolve("vowel-a.npy"));
        assertArrayEquals(new int[] {1, 301, 40}, array.shape());
        assertArrayEquals(expected[0], array.slice(0));
        String json = Files.readString(out.resolve("vowel-a.json"));
        assertTrue(json.contains("\"feature_version\":\"" + threeSeconds.hash() + "\""), json);
        assertTrue(json.contains("\"feature_spec\":" + threeSeconds.toJson()), json);
    }

    @Test
    void aSpecFileThatIsNoSpecIsAUsageError() throws Exception {
        Path wav = shared(SUBJECT + "counting-fast.wav");
        Path spec = Files.writeString(
                out.resolve("spec.json"), FeatureSpec.spira().toJson().replace("\"nFft\":1200,", ""));
        assertEquals(2, run("--output", out, "--spec", spec, wav));
        assertTrue(stderr.toString().contains("--spec " + spec + " is not a feature spec"), stderr.toString());
        assertTrue(stderr.toString().contains("FeatureSpec.nFft is missing"), stderr.toString());
        assertEquals(2, run("--output", out, "--spec", out.resolve("nowhere.json"), wav));
        assertFalse(stdout.toString().contains("ok\t"), "no input is processed after a usage error");
    }

    @Test
    void relativeToKeepsFoldersSoSameNamedInputsDoNotCollide() throws Exception {
        Path a = shared("public/audio/0Rlzhiz6bybk77wdLjxwy7yLDhg1/counting-fast.wav");
        Path b = shared("public/audio/0zexHIcM7tQDdnFiEj2Eb0v3g212/counting-fast.wav");
        assertEquals(2, run("--output", out, a, b), "same file name without --relative-to");
        assertTrue(stderr.toString().contains("--relative-to"), stderr.toString());
        assertEquals(0, run("--output", out, "--relative-to", shared("public/audio"), a, b));
        assertTrue(Files.exists(out.resolve("0Rlzhiz6bybk77wdLjxwy7yLDhg1/counting-fast.npy")));
        assertTrue(Files.exists(out.resolve("0zexHIcM7tQDdnFiEj2Eb0v3g212/counting-fast.json")));
    }

    @Test
    void usageErrorsExitTwoAndSayWhatToDo() throws Exception {
        Path wav = shared(SUBJECT + "counting-fast.wav");
        assertEquals(2, run(wav), "missing --output");
        assertEquals(2, run("--output", out, "--variant", 1, wav));
        assertTrue(stderr.toString().contains("--variant needs --noise"), stderr.toString());
        assertEquals(2, run("--output", out, "--noise", shared("noise"), "--variant", 0, wav));
        assertEquals(2, run("--output", out, "--noise", out.resolve("nowhere"), wav));
        assertEquals(2, run("--output", out, "--threads", 0, wav));
        Path file = Files.writeString(out.resolve("a-file"), "x");
        assertEquals(2, run("--output", file, wav));
        assertFalse(stdout.toString().contains("ok\t"), "no input is processed after a usage error");
    }
}
