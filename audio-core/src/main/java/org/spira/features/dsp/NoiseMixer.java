package org.spira.features.dsp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * SPIRA's noise insertion (SPIRA.md section 4), made reproducible. Each insertion picks a clip
 * uniformly with replacement, cuts a contiguous segment as long as the speech at a uniform
 * offset, scales it so that its positive peak (max sample, not max |sample|) equals an
 * amplitude drawn uniformly from [{@code noiseMinAmplitude}, {@code noiseMaxAmplitude}), and
 * adds it. This is an absolute peak level, not an SNR.
 *
 * <p>Offsets: for a clip longer than the speech, uniform in [0, clip - speech - 1] inclusive,
 * as SPIRA's {@code randint(0, noise_len - (wav_len + 1))}. SPIRA had no rule for a clip that
 * is not longer than the speech; here the segment then wraps around the clip circularly, with
 * the offset uniform in [0, clip - 1]. A segment with no positive sample cannot be scaled to a
 * positive peak: it adds nothing and its draw records amplitude 0.
 *
 * <p>Randomness is a pure function of (recording id, variant, seed): those three are encoded
 * unambiguously and hashed with SHA-256, whose first 8 bytes seed a {@link SplittableRandom}.
 * Each insertion draws, in this order, the clip index, the offset and the amplitude. No global
 * state: the result does not depend on threads, partitions or call order. Thread-safe.
 */
public final class NoiseMixer {
    private static final byte[] DOMAIN = "spira-noise-v1".getBytes(StandardCharsets.UTF_8);

    private final double minAmplitude;
    private final double maxAmplitude;
    private final List<NoiseClip> clips;

    /**
     * @param spec supplies the amplitude range
     * @param clips the noise corpus at the spec's sample rate; non-empty, distinct ids; the
     *     clips' arrays are shared, not copied (see {@link NoiseClip})
     */
    public NoiseMixer(FeatureSpec spec, List<NoiseClip> clips) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(clips, "clips");
        if (clips.isEmpty()) {
            throw new IllegalArgumentException(
                    "NoiseMixer needs at least one noise clip: check the noise corpus path, or add no noise");
        }
        Set<String> ids = new HashSet<>();
        for (NoiseClip clip : clips) {
            Objects.requireNonNull(clip, "clips must not contain null");
            if (!ids.add(clip.id())) {
                throw new IllegalArgumentException("Noise clip id '" + clip.id()
                        + "' appears twice: lineage could not tell the clips apart; give each a distinct id");
            }
        }
        this.minAmplitude = spec.noiseMinAmplitude();
        this.maxAmplitude = spec.noiseMaxAmplitude();
        this.clips = List.copyOf(clips);
    }

    /**
     * Adds {@code noiseCount} noise segments to a copy of {@code speech}.
     *
     * @param speech samples at the spec's rate; not modified
     * @param recordingId stable id of the recording (part of the random seed)
     * @param variant augmentation variant, >= 1 (different variants draw different noise)
     * @param seed experiment seed
     * @param noiseCount insertions, >= 0
     * @return the noisy copy and one {@link NoiseDraw} per insertion
     */
    public NoisyWaveform mix(float[] speech, String recordingId, int variant, long seed, int noiseCount) {
        Objects.requireNonNull(speech, "speech");
        Objects.requireNonNull(recordingId, "recordingId");
        if (variant < 1) {
            throw new IllegalArgumentException(
                    "noise variant = " + variant + " is invalid: variants start at 1 (0 means clean audio, not mixed)");
        }
        if (noiseCount < 0) {
            throw new IllegalArgumentException("noiseCount = " + noiseCount + " is invalid: it must be >= 0");
        }
        SplittableRandom random = new SplittableRandom(seedOf(recordingId, variant, seed));
        float[] noisy = speech.clone();
        List<NoiseDraw> draws = new ArrayList<>(noiseCount);
        for (int i = 0; i < noiseCount; i++) {
            draws.add(insert(noisy, random));
        }
        return new NoisyWaveform(noisy, draws);
    }

    /**
     * 64-bit seed: first 8 bytes (big-endian) of SHA-256 over a domain tag, the id's UTF-8 byte
     * count (int32) and bytes, the variant (int32) and the seed (int64), all big-endian. The
     * length prefix keeps ("ab", 1) and ("a", ...) from ever sharing an encoding.
     */
    static long seedOf(String recordingId, int variant, long seed) {
        byte[] id = recordingId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer encoded = ByteBuffer.allocate(DOMAIN.length + 4 + id.length + 4 + 8)
                .put(DOMAIN)
                .putInt(id.length)
                .put(id)
                .putInt(variant)
                .putLong(seed);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(encoded.array());
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private NoiseDraw insert(float[] noisy, SplittableRandom random) {
        NoiseClip clip = clips.get(random.nextInt(clips.size()));
        int clipLength = clip.samples().length;
        int offset = clipLength > noisy.length ? random.nextInt(clipLength - noisy.length) : random.nextInt(clipLength);
        double amplitude = minAmplitude + (maxAmplitude - minAmplitude) * random.nextDouble();
        double peak = positivePeak(clip.samples(), offset, noisy.length);
        if (!(peak > 0)) {
            return new NoiseDraw(clip.id(), offset, 0.0);
        }
        addScaled(noisy, clip.samples(), offset, amplitude / peak);
        return new NoiseDraw(clip.id(), offset, amplitude);
    }

    /** Max of the circular segment noise[offset, offset + length); -infinity if empty. */
    private static double positivePeak(float[] noise, int offset, int length) {
        double peak = Double.NEGATIVE_INFINITY;
        int j = offset;
        for (int i = 0; i < length; i++) {
            peak = Math.max(peak, noise[j]);
            j = j + 1 == noise.length ? 0 : j + 1;
        }
        return peak;
    }

    private static void addScaled(float[] target, float[] noise, int offset, double gain) {
        int j = offset;
        for (int i = 0; i < target.length; i++) {
            target[i] = (float) (target[i] + gain * noise[j]);
            j = j + 1 == noise.length ? 0 : j + 1;
        }
    }
}
