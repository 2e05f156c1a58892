package org.spira.model;

import java.util.Arrays;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Flattens NCHW activations {@code [batch, C, T', F]} into {@code [batch, T' * C * F]} in the
 * PyTorch reference's order, {@code x.transpose(1, 2).reshape(batch, -1)}: element (c, t, f)
 * goes to column {@code (t * C + c) * F + f}. Deeplearning4j's own CNN-to-dense flattening is
 * (C, T', F); with this order a PyTorch {@code Linear(T' C F, n)} weight maps one to one (after
 * the usual transpose to {@code [in, out]}).
 */
public final class TimeMajorFlatten implements InputPreProcessor {
    private static final long serialVersionUID = 1L;

    @JsonProperty
    private final long channels;

    @JsonProperty
    private final long frames;

    @JsonProperty
    private final long coefficients;

    /**
     * @param channels C, channels of the input
     * @param frames T', the input's height
     * @param coefficients F, the input's width
     */
    @JsonCreator
    public TimeMajorFlatten(
            @JsonProperty("channels") long channels,
            @JsonProperty("frames") long frames,
            @JsonProperty("coefficients") long coefficients) {
        this.channels = channels;
        this.frames = frames;
        this.coefficients = coefficients;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        long[] expected = {input.size(0), channels, frames, coefficients};
        if (!Arrays.equals(input.shape(), expected)) {
            throw new ModelException("TimeMajorFlatten expects activations of shape " + Arrays.toString(expected)
                    + " but got " + Arrays.toString(input.shape())
                    + "; the network's frames do not match its input windows");
        }
        INDArray timeMajor = workspaceMgr.dup(ArrayType.ACTIVATIONS, input.permute(0, 2, 1, 3), 'c');
        return timeMajor.reshape('c', input.size(0), frames * channels * coefficients);
    }

    @Override
    public INDArray backprop(INDArray epsilons, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray timeMajor = epsilons.dup('c').reshape('c', epsilons.size(0), frames, channels, coefficients);
        return workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, timeMajor.permute(0, 2, 1, 3), 'c');
    }

    @Override
    public TimeMajorFlatten clone() {
        return new TimeMajorFlatten(channels, frames, coefficients);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return InputType.feedForward(channels * frames * coefficients);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(
            INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TimeMajorFlatten that
                && channels == that.channels
                && frames == that.frames
                && coefficients == that.coefficients;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(channels) * 31 * 31 + Long.hashCode(frames) * 31 + Long.hashCode(coefficients);
    }
}
