package org.spira.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InputType.InputTypeConvolutional;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Group normalisation of NCHW activations, as {@code torch.nn.GroupNorm(groups, channels,
 * eps=1e-5, affine=True)}: the C channels are split into G groups of C/G consecutive channels;
 * each sample's group is normalised over its (C/G) x H x W values with the biased variance,
 * {@code (x - mean) / sqrt(var + 1e-5)}; then channel c is scaled by {@code gamma[c]} and
 * shifted by {@code beta[c]} (parameters {@code [1, C]}, initialised to 1 and 0). Output shape =
 * input shape. For regularisation {@code gamma} is a weight ({@code l2}) and {@code beta} a bias
 * ({@code l2Bias}). With {@link Builder#mish()} the layer also applies Mish to its output, and
 * with {@link Builder#maxPool()} then max pooling (2, 1) with stride (2, 1), floor, over H: one
 * pass over the activations instead of three layers'. Forward and backward passes are written out
 * ({@link GroupNormalizationLayer}).
 */
public final class GroupNormalization extends FeedForwardLayer {
    private static final long serialVersionUID = 1L;

    /** PyTorch's GroupNorm epsilon, added to the variance. */
    public static final double EPSILON = 1e-5;

    /** Per-channel scale, {@code [1, C]}. */
    public static final String GAMMA = "gamma";

    /** Per-channel shift, {@code [1, C]}. */
    public static final String BETA = "beta";

    @JsonProperty
    private int groups;

    /** Mish after the affine step; false in configurations saved before it existed. */
    @JsonProperty
    private boolean mish;

    /** Max pooling (2, 1) after Mish; false in configurations saved before it existed. */
    @JsonProperty
    private boolean pooled;

    private GroupNormalization() {
        // for JSON deserialisation
    }

    private GroupNormalization(Builder builder) {
        super(builder);
        this.groups = builder.groups;
        this.mish = builder.mish;
        this.pooled = builder.pooled;
    }

    /** G, the number of channel groups. */
    public int groups() {
        return groups;
    }

    /** Whether Mish follows the normalisation in this layer. */
    public boolean mish() {
        return mish;
    }

    /** Whether max pooling (2, 1) follows in this layer. */
    public boolean pooled() {
        return pooled;
    }

    @Override
    public GroupNormalization clone() {
        return (GroupNormalization) super.clone();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray layerParamsView,
            boolean initializeParams,
            DataType networkDataType) {
        LayerValidation.assertNOutSet("GroupNormalization", getLayerName(), layerIndex, getNOut());
        GroupNormalizationLayer layer = new GroupNormalizationLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return GroupNormalizationParams.INSTANCE;
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
        nIn = conv.getChannels();
        nOut = nIn;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!pooled) {
            return inputType;
        }
        InputTypeConvolutional conv = (InputTypeConvolutional) inputType;
        return InputType.convolutional(conv.getHeight() / 2, conv.getWidth(), conv.getChannels());
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long activation = inputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(
                        layerName, GroupNormalization.class, inputType, getOutputType(0, inputType))
                .standardMemory(initializer().numParams(this), initializer().numParams(this))
                .workingMemory(0, 2 * activation, MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /** Builds a GroupNormalization; the group count must divide the input's channels. */
    public static final class Builder extends FeedForwardLayer.Builder<Builder> {
        private final int groups;
        private boolean mish;
        private boolean pooled;

        public Builder(int groups) {
            if (groups < 1) {
                throw new ModelException("GroupNormalization groups = " + groups + " must be >= 1");
            }
            this.groups = groups;
        }

        /** Applies Mish ({@link MishActivation}) to the normalised output. */
        public Builder mish() {
            this.mish = true;
            return this;
        }

        /** Max pooling (2, 1), stride (2, 1), floor, over H after Mish; float32 activations only. */
        public Builder maxPool() {
            this.pooled = true;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public GroupNormalization build() {
            return new GroupNormalization(this);
        }
    }
}
