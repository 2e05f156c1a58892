package org.spira.features.dsp;

import java.util.Objects;

/**
 * Lineage of one inserted noise segment: enough to reproduce it from the noise corpus.
 *
 * @param noiseId {@link NoiseClip#id()} of the clip the segment was cut from
 * @param offset first clip sample of the segment; the segment wraps around to the clip's start
 *     when the clip is not longer than the speech
 * @param amplitude positive peak of the added segment, linear full scale; 0 when the segment
 *     had no positive sample and so was not added
 */
public record NoiseDraw(String noiseId, int offset, double amplitude) {
    public NoiseDraw {
        Objects.requireNonNull(noiseId, "noiseId");
    }
}
