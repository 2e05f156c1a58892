package org.spira.model;

/** The SPIRA network variants (SPIRA.md section 5). */
public enum Architecture {
    /**
     * SpiraConvV2, the paper's model: four time-only convolution blocks with GroupNorm, then a
     * head over the whole window (flattened time-major) to one probability.
     */
    V2,
    /**
     * SpiraConvV1: the same convolution blocks with BatchNorm instead of GroupNorm, and a
     * per-frame head whose frame probabilities are averaged into the window probability.
     */
    V1
}
