package org.spira.features.dsp;

import java.util.Arrays;
import java.util.Objects;

/**
 * One noise recording, already at the feature sample rate.
 *
 * <p>Ownership: the array is kept, not copied (clips are long and shared by every mix), so the
 * caller hands it over and must not modify it afterwards. Nothing in this package writes to it.
 *
 * @param id stable identifier recorded in the lineage of every draw (e.g. the file's name)
 * @param samples samples at {@code FeatureSpec.sampleRate()} Hz in [-1, 1]; at least one
 */
public record NoiseClip(String id, float[] samples) {
    public NoiseClip {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(samples, "samples");
        if (id.isBlank()) {
            throw new IllegalArgumentException("NoiseClip id is blank: give every noise clip a stable identifier");
        }
        if (samples.length == 0) {
            throw new IllegalArgumentException("NoiseClip '" + id + "' has no samples: drop it from the noise corpus");
        }
    }

    /** Equal ids and equal sample values. */
    @Override
    public boolean equals(Object other) {
        return other instanceof NoiseClip clip && id.equals(clip.id) && Arrays.equals(samples, clip.samples);
    }

    @Override
    public int hashCode() {
        return 31 * id.hashCode() + Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return "NoiseClip[id=" + id + ", samples=" + samples.length + "]";
    }
}
