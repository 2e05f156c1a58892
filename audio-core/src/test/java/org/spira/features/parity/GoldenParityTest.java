package org.spira.features.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;
import org.spira.features.npy.NpyArray;
import org.spira.features.parity.FrontEndParity.Errors;
import org.spira.features.parity.FrontEndParity.Outputs;
import org.spira.features.parity.ReferenceSet.Entry;
import org.spira.features.parity.ReferenceSet.Reference;
import org.spira.features.testing.SharedData;
import org.spira.features.testing.TestResources;

/**
 * Our front end against the committed torchaudio outputs in {@code
 * src/test/resources/reference} (a 48 kHz Coswara original with 8 windows and a 16 kHz file
 * with 2). Always runs; the inputs come from the shared data and are checked by SHA-256 first.
 */
class GoldenParityTest {

    private static final ParitySummary SUMMARY = new ParitySummary("golden");

    private static ReferenceSet golden() throws IOException {
        return ReferenceSet.open(TestResources.path("reference"), true);
    }

    /** Expected SHA-256 by path relative to the shared data, from {@code inputs.sha256}. */
    private static Map<String, String> inputHashes() throws IOException {
        try (Stream<String> lines = Files.lines(TestResources.path("reference/inputs.sha256"))) {
            return lines.map(line -> line.split("\\s+", 2)).collect(Collectors.toMap(f -> f[1], f -> f[0]));
        }
    }

    @Test
    void goldenSetCoversResamplingAndSeveralWindows() throws IOException {
        List<Entry> entries = List.copyOf(golden().entries().values());

        assertEquals(
                List.of(48_000, 16_000), entries.stream().map(Entry::sourceRate).toList(), "source rates (Hz)");
        assertEquals(List.of(8, 2), entries.stream().map(Entry::windows).toList(), "windows per recording");
        assertEquals(inputHashes().keySet(), entries.stream().map(Entry::path).collect(Collectors.toSet()));
    }

    @TestFactory
    Stream<DynamicTest> goldenRecordingsMatchTorchaudio() throws IOException {
        ReferenceSet golden = golden();
        Map<String, String> hashes = inputHashes();
        return golden.entries().values().stream()
                .map(entry -> dynamicTest(entry.path(), () -> check(golden, entry, hashes.get(entry.path()))));
    }

    @Test
    void toleranceCheckRejectsAReferenceOffByOnePerMille() throws Exception {
        ReferenceSet golden = golden();
        Entry entry = golden.entries().values().iterator().next();
        Reference ref = golden.load(entry.key());
        float[] scaled = ref.mfcc().data().clone();
        for (int i = 0; i < scaled.length / ref.mfcc().shape()[0]; i++) {
            scaled[i] *= 1.001f;
        }
        Reference perturbed =
                new Reference(entry, ref.wave(), new NpyArray(ref.mfcc().shape(), scaled));
        Outputs ours = FrontEndParity.run(SharedData.root().resolve(entry.path()));

        Errors errors = FrontEndParity.compare(entry.key(), ours, perturbed);

        assertEquals(0, errors.worstWindow(), "window 0 was perturbed");
        assertEquals(1e-3, errors.mfccWorstRelativeL2(), 1e-4, "relative L2 of a 0.1 % scaling");
        assertThrows(AssertionFailedError.class, () -> FrontEndParity.assertWithinTolerance(errors, ours, perturbed));
    }

    private static void check(ReferenceSet golden, Entry entry, String sha256) throws Exception {
        Path audio = SharedData.root().resolve(entry.path());
        assertEquals(
                sha256,
                SharedData.sha256(audio),
                audio + " is not the file the golden outputs were computed from; regenerate them (see their README)");
        Reference ref = golden.load(entry.key());
        Outputs ours = FrontEndParity.run(audio);
        Errors errors = FrontEndParity.compare(entry.key(), ours, ref);
        SUMMARY.record(errors);
        FrontEndParity.assertWithinTolerance(errors, ours, ref);
    }

    @AfterAll
    static void printSummary() {
        System.out.println(SUMMARY.line());
    }
}
