package org.spira.model.train;

import java.io.Serializable;

/**
 * The shape of one MFCC window as the network sees it: {@code frames} x {@code coefficients},
 * stored row-major (frame by frame) in a float array of {@link #size()} values, and fed to the
 * network as NCHW {@code [batch, 1, frames, coefficients]}.
 *
 * @param frames frames per window (401 for SPIRA's 4 s windows at a 10 ms hop)
 * @param coefficients MFCC coefficients per frame (40 for SPIRA)
 */
public record WindowShape(int frames, int coefficients) implements Serializable {
    /** SPIRA's 4 s windows: 401 frames x 40 coefficients. */
    public static final WindowShape SPIRA = new WindowShape(401, 40);

    public WindowShape {
        if (frames < 1 || coefficients < 1) {
            throw new IllegalArgumentException("a window shape needs at least one frame and one coefficient, got "
                    + frames + " x " + coefficients + "; use the feature spec's frames and coefficients");
        }
    }

    /** Values per window: frames x coefficients. */
    public int size() {
        return frames * coefficients;
    }
}
