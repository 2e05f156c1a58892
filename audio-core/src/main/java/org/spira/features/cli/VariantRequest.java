package org.spira.features.cli;

import java.util.Optional;
import org.spira.features.NoiseCorpus;

/** Which variant the command writes: clean (variant 0), or noisy variant k of a noise corpus. */
record VariantRequest(Optional<NoiseCorpus> noise, int variant, long seed, int noiseCount) {

    static VariantRequest clean() {
        return new VariantRequest(Optional.empty(), 0, 0, 0);
    }

    static VariantRequest noisy(NoiseCorpus corpus, int variant, long seed, int noiseCount) {
        return new VariantRequest(Optional.of(corpus), variant, seed, noiseCount);
    }
}
