package org.spira.model;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything that defines a SPIRA network and how it is trained (SPIRA.md sections 5 and 6).
 * The network input is NCHW float32 {@code [batch, 1, frames, coefficients]} (height = time
 * frames, width = MFCC coefficients); the output is {@code [batch, 1]} window probabilities.
 *
 * @param architecture {@link Architecture#V2} (the paper's model) or {@link Architecture#V1}
 * @param frames time frames per window, T: 401 for 4 s windows, 301 for 3 s (hop 160 samples at
 *     16 kHz); at least {@link #MIN_FRAMES} so that one frame survives the convolutions
 * @param coefficients MFCC coefficients per frame (40)
 * @param dropout PyTorch's drop probability, in [0, 1): 0.7 in the paper. Deeplearning4j's
 *     dropout takes the retain probability, {@code 1 - dropout}
 * @param seed seed of the weight initialisation
 * @param optimizer Adam, weight decay and Noam schedule
 */
public record ModelSpec(
        Architecture architecture, int frames, int coefficients, double dropout, long seed, OptimizerSpec optimizer)
        implements Serializable {

    /** The shortest window the convolutions leave one frame of (0.6 s at a 10 ms hop). */
    public static final int MIN_FRAMES = 60;

    public ModelSpec {
        Objects.requireNonNull(architecture, "ModelSpec.architecture: choose V2 (the paper's model) or V1");
        Objects.requireNonNull(optimizer, "ModelSpec.optimizer: use OptimizerSpec.paper() for the paper's setting");
        require(
                SpiraConvNet.framesAfterConvolutions(frames) >= 1,
                "frames = %d leaves no time frame after the convolutions; use at least %d (401 for 4 s windows)",
                frames,
                MIN_FRAMES);
        require(coefficients >= 1, "coefficients = %d must be >= 1 (SPIRA uses 40 MFCCs)", coefficients);
        require(
                dropout >= 0 && dropout < 1,
                "dropout = %s is PyTorch's drop probability and must be in [0, 1) (the paper uses 0.7)",
                dropout);
    }

    /** The paper's setting: SpiraConvV2 on 4 s windows (401 x 40), dropout 0.7, seed 42, {@link OptimizerSpec#paper()}. */
    public static ModelSpec paper() {
        return new ModelSpec(Architecture.V2, 401, 40, 0.7, 42, OptimizerSpec.paper());
    }

    public ModelSpec withArchitecture(Architecture value) {
        return new ModelSpec(value, frames, coefficients, dropout, seed, optimizer);
    }

    public ModelSpec withFrames(int value) {
        return new ModelSpec(architecture, value, coefficients, dropout, seed, optimizer);
    }

    public ModelSpec withDropout(double value) {
        return new ModelSpec(architecture, frames, coefficients, value, seed, optimizer);
    }

    public ModelSpec withSeed(long value) {
        return new ModelSpec(architecture, frames, coefficients, dropout, value, optimizer);
    }

    public ModelSpec withOptimizer(OptimizerSpec value) {
        return new ModelSpec(architecture, frames, coefficients, dropout, seed, value);
    }

    /** Time frames left after the four convolution blocks, T' (43 for T = 401, 31 for T = 301). */
    public int convolvedFrames() {
        return SpiraConvNet.framesAfterConvolutions(frames);
    }

    static void require(boolean valid, String format, Object... values) {
        if (!valid) {
            throw new InvalidModelSpecException("ModelSpec." + String.format(Locale.ROOT, format, values));
        }
    }
}
