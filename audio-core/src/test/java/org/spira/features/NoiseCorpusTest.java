package org.spira.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.testing.SharedData;
import org.spira.features.testing.WavFixture;

class NoiseCorpusTest {
    private static final FeatureSpec SPEC = FeatureSpec.spira();

    @Test
    void loadsEveryAudioFileOfTheSharedCorpusSortedByName() throws Exception {
        Path folder = SharedData.root().resolve("noise");
        NoiseCorpus corpus = NoiseCorpus.fromDirectory(folder, SPEC);
        List<String> expected;
        try (Stream<Path> files = Files.list(folder)) {
            expected = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".wav"))
                    .sorted()
                    .toList();
        }
        assertEquals(8, expected.size());
        assertEquals(expected, corpus.ids());
    }

    @Test
    void contentHashIdentifiesTheBytesAndNames() {
        Map<String, byte[]> sources = new TreeMap<>();
        sources.put("a.wav", WavFixture.pcm16(tone(16_000, 0.3), 16_000));
        sources.put("b.wav", WavFixture.pcm16(tone(24_000, 0.2), 16_000));
        String hash = NoiseCorpus.of(sources, SPEC).contentHash();
        assertEquals(hash, NoiseCorpus.of(new TreeMap<>(sources), SPEC).contentHash(), "deterministic");

        Map<String, byte[]> changedByte = new TreeMap<>(sources);
        byte[] b = sources.get("b.wav").clone();
        b[b.length - 1] ^= 1;
        changedByte.put("b.wav", b);
        assertNotEquals(hash, NoiseCorpus.of(changedByte, SPEC).contentHash());

        Map<String, byte[]> renamed = new TreeMap<>();
        renamed.put("a.wav", sources.get("a.wav"));
        renamed.put("c.wav", sources.get("b.wav"));
        assertNotEquals(hash, NoiseCorpus.of(renamed, SPEC).contentHash());
    }

    @Test
    void resamplesClipsToTheFeatureRate() {
        NoiseCorpus corpus = NoiseCorpus.of(Map.of("n.wav", WavFixture.pcm16(tone(8_000, 0.3), 8_000)), SPEC);
        float[] speech = new float[20_000];
        float[] mixed = corpus.mixer(SPEC).mix(speech, "id", 1, 7, 1).samples();
        assertEquals(20_000, mixed.length);
    }

    @Test
    void anUnusableNoiseFileIsAConfigurationErrorNamingTheFile(@TempDir Path folder) throws Exception {
        Files.write(folder.resolve("good.wav"), WavFixture.pcm16(tone(16_000, 0.3), 16_000));
        Files.writeString(folder.resolve("broken.wav"), "this is not a wav file");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NoiseCorpus.fromDirectory(folder, SPEC));
        assertTrue(e.getMessage().contains("broken.wav"), e.getMessage());
        assertTrue(e.getMessage().contains("not_audio"), e.getMessage());
    }

    @Test
    void anEmptyOrMissingFolderIsRejected(@TempDir Path folder) {
        assertThrows(IllegalArgumentException.class, () -> NoiseCorpus.fromDirectory(folder, SPEC));
        assertThrows(IllegalArgumentException.class, () -> NoiseCorpus.fromDirectory(folder.resolve("missing"), SPEC));
    }

    @Test
    void aMixerForAnotherRateIsRefused() {
        NoiseCorpus corpus = NoiseCorpus.of(Map.of("n.wav", WavFixture.pcm16(tone(16_000, 0.3), 16_000)), SPEC);
        FeatureSpec other =
                new FeatureSpec(8_000, 32_000, 8_000, 1200, 400, 160, 40, 40, 0, 4000, 80, 6, 0.99, 0.03, 0.19);
        assertThrows(IllegalArgumentException.class, () -> corpus.mixer(other));
    }

    private static double[] tone(int samples, double amplitude) {
        double[] x = new double[samples];
        for (int n = 0; n < samples; n++) {
            x[n] = amplitude * Math.sin(2 * Math.PI * 300 * n / 16_000.0);
        }
        return x;
    }
}
