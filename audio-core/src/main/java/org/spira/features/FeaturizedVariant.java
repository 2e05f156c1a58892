package org.spira.features;

import java.util.List;
import org.spira.features.dsp.NoiseDraw;

/**
 * The features of one variant of a recording: variant 0 is the clean waveform, variant k >= 1
 * the waveform with noise drawn for (recording id, k, seed).
 *
 * @param variant 0 for clean, k >= 1 for the k-th noisy variant
 * @param windows one array per whole window, frames x coefficients, row-major (401 x 40 for SPIRA)
 * @param noise the noise segments added (empty for the clean variant): the lineage of the variant
 */
public record FeaturizedVariant(int variant, float[][] windows, List<NoiseDraw> noise) {
    public FeaturizedVariant {
        noise = List.copyOf(noise);
    }
}
