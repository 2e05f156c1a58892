package org.spira.features;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.spira.features.decode.AudioDecoder;
import org.spira.features.decode.DecodedAudio;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.dsp.NoiseClip;
import org.spira.features.dsp.NoiseMixer;
import org.spira.features.dsp.Resampler;

/**
 * The noise recordings mixed into noisy variants (SPIRA.md section 4), decoded and resampled to
 * the feature rate once. The corpus is an input like the speech audio: {@link #contentHash()}
 * identifies exactly which bytes were used, and each clip's id is its file name.
 *
 * <p>Serializable so that Spark can broadcast it to executors.
 */
public final class NoiseCorpus implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final List<String> AUDIO_EXTENSIONS = List.of(".wav", ".flac", ".ogg");

    private final int sampleRate;
    private final String contentHash;
    private final String[] ids;
    private final float[][] samples;

    private NoiseCorpus(int sampleRate, String contentHash, String[] ids, float[][] samples) {
        this.sampleRate = sampleRate;
        this.contentHash = contentHash;
        this.ids = ids;
        this.samples = samples;
    }

    /**
     * Decodes every source (id to file bytes) and resamples it to {@code spec.sampleRate()}.
     *
     * @throws IllegalArgumentException if there is no source or a source cannot be used as noise
     */
    public static NoiseCorpus of(Map<String, byte[]> sources, FeatureSpec spec) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException(
                    "the noise corpus is empty: point it at a folder with .wav, .flac or .ogg noise recordings");
        }
        SortedMap<String, byte[]> sorted = new TreeMap<>(sources);
        AudioDecoder decoder = new AudioDecoder();
        String[] ids = sorted.keySet().toArray(String[]::new);
        float[][] samples = new float[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            samples[i] = decode(decoder, ids[i], sorted.get(ids[i]), spec);
        }
        return new NoiseCorpus(spec.sampleRate(), hash(sorted), ids, samples);
    }

    /** Every .wav, .flac and .ogg file directly inside {@code directory}, id = file name. */
    public static NoiseCorpus fromDirectory(Path directory, FeatureSpec spec) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException(
                    "noise corpus folder " + directory + " does not exist or is not a folder");
        }
        Map<String, byte[]> sources = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(NoiseCorpus::isAudioFile).toList()) {
                sources.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the noise corpus folder " + directory, e);
        }
        return of(sources, spec);
    }

    /** SHA-256 (hex) over the sorted (id, SHA-256 of bytes) pairs: the corpus version. */
    public String contentHash() {
        return contentHash;
    }

    /** Clip ids (file names), sorted. */
    public List<String> ids() {
        return List.of(ids);
    }

    /** A mixer over these clips; the spec's rate must be the corpus's rate. */
    public NoiseMixer mixer(FeatureSpec spec) {
        if (spec.sampleRate() != sampleRate) {
            throw new IllegalArgumentException("the noise corpus was resampled to " + sampleRate
                    + " Hz but the feature spec asks for " + spec.sampleRate() + " Hz: load it with the same spec");
        }
        List<NoiseClip> clips = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            clips.add(new NoiseClip(ids[i], samples[i]));
        }
        return new NoiseMixer(spec, clips);
    }

    private static float[] decode(AudioDecoder decoder, String id, byte[] bytes, FeatureSpec spec) {
        try {
            DecodedAudio audio = decoder.decode(bytes);
            return Resampler.toSpec(audio.sampleRate(), spec).resample(audio.mono());
        } catch (RecordingRejectedException e) {
            throw new IllegalArgumentException(
                    "noise file " + id + " cannot be used (" + e.reason().code() + "): " + e.getMessage()
                            + ". Replace or remove it from the noise corpus.",
                    e);
        }
    }

    private static boolean isAudioFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return Files.isRegularFile(file) && AUDIO_EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static String hash(SortedMap<String, byte[]> sources) {
        MessageDigest corpus = sha256();
        for (Map.Entry<String, byte[]> source : sources.entrySet()) {
            corpus.update(source.getKey().getBytes(StandardCharsets.UTF_8));
            corpus.update((byte) 0);
            corpus.update(RecordingId.of(source.getValue()).getBytes(StandardCharsets.US_ASCII));
        }
        return HexFormat.of().formatHex(corpus.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
