package org.spira.features.dsp;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Speech with noise added, and the lineage of every insertion.
 *
 * @param samples the noisy waveform, same rate and length as the speech; owned by the receiver
 * @param draws one entry per insertion, in insertion order (immutable)
 */
public record NoisyWaveform(float[] samples, List<NoiseDraw> draws) {
    public NoisyWaveform {
        Objects.requireNonNull(samples, "samples");
        draws = List.copyOf(draws);
    }

    /** Equal sample values and equal draws. */
    @Override
    public boolean equals(Object other) {
        return other instanceof NoisyWaveform noisy
                && Arrays.equals(samples, noisy.samples)
                && draws.equals(noisy.draws);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(samples) + draws.hashCode();
    }

    @Override
    public String toString() {
        return "NoisyWaveform[samples=" + samples.length + ", draws=" + draws + "]";
    }
}
