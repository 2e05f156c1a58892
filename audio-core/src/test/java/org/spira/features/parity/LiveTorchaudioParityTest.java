package org.spira.features.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.spira.features.parity.FrontEndParity.Errors;
import org.spira.features.parity.FrontEndParity.Outputs;
import org.spira.features.parity.ReferenceSet.Reference;
import org.spira.features.testing.SharedData;

/**
 * Our front end against torchaudio on every shared recording ({@link SharedData#allAudio()}:
 * 16 kHz public WAVs and the 8-48 kHz, mono and stereo, WAV and Ogg Vorbis originals), one
 * dynamic test per file. The reference outputs come from {@code bin/reference-features DIR},
 * passed as {@code -Dspira.reference.dir=DIR} ({@code bin/test} does both). Skipped when the
 * property is empty; fails when it names a directory that is missing or incomplete.
 */
class LiveTorchaudioParityTest {

    static final String PROPERTY = "spira.reference.dir";

    private static final ParitySummary SUMMARY = new ParitySummary("live torchaudio");

    private static ReferenceSet reference() throws IOException {
        String dir = System.getProperty(PROPERTY, "").strip();
        assumeTrue(
                !dir.isEmpty(),
                "no live torchaudio reference given: run bin/test or pass -D" + PROPERTY
                        + "=DIR after bin/reference-features DIR");
        Path path = Path.of(dir);
        assertTrue(
                Files.isDirectory(path),
                "-D" + PROPERTY + "=" + dir + " is not a directory; create it with bin/reference-features " + dir);
        return ReferenceSet.open(path, false);
    }

    @Test
    void referenceCoversEverySharedRecording() throws IOException {
        ReferenceSet reference = reference();
        List<Path> audio = SharedData.allAudio();
        Set<String> expected =
                audio.stream().map(SharedData::referenceKey).collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(reference.entries().keySet());
        Set<String> extra = new TreeSet<>(reference.entries().keySet());
        extra.removeAll(expected);

        long listed =
                SharedData.metadataRows("public/metadata.csv") + SharedData.metadataRows("native-rate/metadata.csv");
        assertEquals(listed, audio.size(), "shared audio files found vs rows of public/ and native-rate/ metadata.csv");
        assertTrue(
                missing.isEmpty(),
                () -> describe(missing) + " shared recordings have no reference outputs in " + reference.dir()
                        + "; rerun bin/reference-features");
        assertTrue(extra.isEmpty(), () -> describe(extra) + " reference entries are not shared recordings");
        assertEquals(audio.size(), reference.entries().size(), "reference entries vs shared recordings");
    }

    private static String describe(Set<String> keys) {
        return keys.size() + " (" + keys.stream().limit(5).collect(Collectors.joining(", "))
                + (keys.size() > 5 ? ", ..." : "") + ")";
    }

    @TestFactory
    Stream<DynamicTest> everySharedRecordingMatchesTorchaudio() throws IOException {
        ReferenceSet reference = reference();
        return SharedData.allAudio().stream()
                .map(audio -> dynamicTest(SharedData.relativePath(audio), () -> check(reference, audio)));
    }

    private static void check(ReferenceSet reference, Path audio) throws Exception {
        String key = SharedData.referenceKey(audio);
        Reference ref = reference.load(key);
        assertEquals(
                SharedData.relativePath(audio), ref.entry().path(), "reference entry " + key + " is for another file");
        Outputs ours = FrontEndParity.run(audio);
        Errors errors = FrontEndParity.compare(key, ours, ref);
        SUMMARY.record(errors);
        FrontEndParity.assertWithinTolerance(errors, ours, ref);
    }

    @AfterAll
    static void printSummary() {
        System.out.println(SUMMARY.line());
    }
}
