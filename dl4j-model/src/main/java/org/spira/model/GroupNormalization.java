package org.spira.model;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InputType.InputTypeConvolutional;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Group normalisation of NCHW activations, as {@code torch.nn.GroupNorm(groups, channels,
 * eps=1e-5, affine=True)}: the C channels are split into G groups of C/G consecutive channels;
 * each sample's group is normalised over its (C/G) x H x W values with the biased variance,
 * {@code (x - mean) / sqrt(var + 1e-5)}, then channel c is scaled by {@code gamma[c]} and shifted
 * by {@code beta[c]} (parameters of shape {@code [1, C, 1, 1]}, initialised to 1 and 0). Output
 * shape = input shape. Gradients come from SameDiff's automatic differentiation. {@code gamma} is
 * a weight and {@code beta} a bias for regularisation ({@code l2}, {@code l2Bias}).
 */
public final class GroupNormalization extends SameDiffLayer {
    private static final long serialVersionUID = 1L;

    /** PyTorch's GroupNorm epsilon. */
    public static final double EPSILON = 1e-5;

    /** Per-channel scale, {@code [1, C, 1, 1]}. */
    public static final String GAMMA = "gamma";

    /** Per-channel shift, {@code [1, C, 1, 1]}. */
    public static final String BETA = "beta";

    @JsonProperty
    private int groups;

    @JsonProperty
    private long channels;

    @JsonProperty
    private long height;

    @JsonProperty
    private long width;

    private GroupNormalization() {
        // for JSON deserialisation
    }

    private GroupNormalization(Builder builder) {
        super(builder);
        this.groups = builder.groups;
    }

    public int groups() {
        return groups;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputTypeConvolutional conv)) {
            throw new ModelException("GroupNormalization needs convolutional (NCHW) input, got " + inputType
                    + "; place it after a convolution");
        }
        if (conv.getChannels() % groups != 0) {
            throw new ModelException("GroupNormalization: " + conv.getChannels() + " channels cannot be split into "
                    + groups + " equal groups; use a group count that divides the channel count");
        }
        channels = conv.getChannels();
        height = conv.getHeight();
        width = conv.getWidth();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addWeightParam(GAMMA, 1, channels, 1, 1);
        params.addBiasParam(BETA, 1, channels, 1, 1);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get(GAMMA).assign(1);
        params.get(BETA).assign(0);
    }

    @Override
    public SDVariable defineLayer(
            SameDiff sameDiff, SDVariable layerInput, Map<String, SDVariable> paramTable, SDVariable mask) {
        SDVariable grouped = layerInput.reshape(-1, groups, channels / groups * height * width);
        SDVariable centered = grouped.sub(grouped.mean(true, 2));
        SDVariable variance = centered.mul(centered).mean(true, 2);
        SDVariable normalized = centered.div(sameDiff.math().sqrt(variance.add(EPSILON)));
        return normalized
                .reshape(-1, channels, height, width)
                .mul(paramTable.get(GAMMA))
                .add(paramTable.get(BETA));
    }

    /** Builds a GroupNormalization with a group count that must divide the input's channels. */
    public static final class Builder extends SameDiffLayer.Builder<Builder> {
        private final int groups;

        public Builder(int groups) {
            if (groups < 1) {
                throw new ModelException("GroupNormalization groups = " + groups + " must be >= 1");
            }
            this.groups = groups;
        }

        @Override
        @SuppressWarnings("unchecked")
        public GroupNormalization build() {
            return new GroupNormalization(this);
        }
    }
}
