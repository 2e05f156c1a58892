package org.spira.features.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.bench.BenchTarget.RunOutput;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.testing.SharedData;
import org.spira.features.testing.WavFixture;

/**
 * The baseline-revision row, pointed at this build's own classes: loaded in a separate class
 * loader, it must compute exactly what the current fast path computes.
 */
class RevisionTargetTest {
    private static final FeatureSpec SPEC = FeatureSpec.spira();

    /** This test JVM's classpath: this build's classes and every dependency. */
    private static final List<Path> OWN_BUILD = Arrays.stream(
                    System.getProperty("java.class.path").split(File.pathSeparator))
            .map(Path::of)
            .toList();

    @Test
    void featurizesSharedRecordingsExactlyAsTheCurrentFastPath() throws Exception {
        Workload workload = new Workload(sharedRecordings(3), 3);

        RunOutput current = new FastPathTarget(SPEC).run(workload);
        try (RevisionTarget revision = new RevisionTarget("self", OWN_BUILD, SPEC)) {
            RunOutput other = revision.run(workload);

            assertTrue(current.windows() > 0, "the recordings yield windows");
            assertEquals(current.windows(), other.windows());
            assertEquals(current.checksum(), other.checksum(), 0.0);
            assertEquals("SPIRA Pipeline at self", revision.name());
        }
    }

    @Test
    void aRecordingShorterThanOneWindowYieldsNoWindowAsInTheCurrentRows() throws Exception {
        Workload workload = new Workload(List.of(new CorpusFile("short.wav", WavFixture.smallPcm16(), 0.004)), 0.004);

        try (RevisionTarget revision = new RevisionTarget("self", OWN_BUILD, SPEC)) {
            assertEquals(RunOutput.none(), revision.run(workload));
        }
    }

    @Test
    void anyOtherRejectionStopsTheRunNamingTheFileAndReason() throws Exception {
        CorpusFile notAudio = new CorpusFile("not-audio.wav", WavFixture.ascii("plain text, not a WAV file"), 1);

        try (RevisionTarget revision = new RevisionTarget("self", OWN_BUILD, SPEC)) {
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> revision.run(new Workload(List.of(notAudio), 1)));
            assertTrue(e.getMessage().startsWith("not-audio.wav was rejected ("), e.getMessage());
            assertTrue(e.getMessage().endsWith("): the benchmark corpus must decode"), e.getMessage());
        }
    }

    @Test
    void aClasspathWithoutTheProjectClassesIsRejectedNamingTheOption(@TempDir Path empty) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new RevisionTarget("abc1234", List.of(empty), SPEC));

        assertTrue(e.getMessage().startsWith("--baseline abc1234: [" + empty + "] does not hold"), e.getMessage());
    }

    @Test
    void aSpecWithAnotherHashIsRejected() {
        FeatureSpec other = SPEC.withWindow(2 * SPEC.windowSamples(), SPEC.stepSamples());
        assertNotEquals(SPEC.hash(), other.hash());

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new RevisionTarget("abc1234", OWN_BUILD, other));

        assertEquals(
                "--baseline abc1234: its FeatureSpec.spira() hashes to " + SPEC.hash() + ", the current one to "
                        + other.hash() + "; the rows would not compute the same features",
                e.getMessage());
    }

    private static List<CorpusFile> sharedRecordings(int count) throws Exception {
        try (Stream<Path> files = Files.walk(SharedData.root().resolve("public/audio"))) {
            return files.filter(file -> file.toString().endsWith(".wav"))
                    .sorted()
                    .limit(count)
                    .map(file -> new CorpusFile(file.toString(), SharedData.bytes(file), 1))
                    .toList();
        }
    }
}
