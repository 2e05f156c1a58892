package org.spira.model;

import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration.ListBuilder;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * SpiraConvV2 and SpiraConvV1 (SPIRA.md section 5) as one pure function from a {@link ModelSpec}
 * to a Deeplearning4j configuration. Input NCHW float32 {@code [batch, 1, T, F]} (T frames, F
 * coefficients); output {@code [batch, 1]} window probabilities, trained with binary
 * cross-entropy per window.
 *
 * <p>Four blocks convolve along time only (kernel (k, 1), dilation (d, 1), stride 1, no
 * padding): Conv -> norm -> Mish -> MaxPool (2, 1), floor -> Dropout, the last block without
 * pooling. Layer names follow the PyTorch reference's modules ({@code conv1}, {@code norm1},
 * ..., {@code fc1}, {@code fc2}) so that parameters map by name. Weights start as PyTorch's
 * default, uniform in +-1/sqrt(fan in); biases start at zero.
 *
 * <p>How the layers compute is an implementation detail that keeps the parameters and their
 * names: the convolutions are {@link TimeConvolution}s (time-phase layout on ND4J's conv2d, run by
 * oneDNN), and in V2 each block's GroupNorm, Mish and pooling are one {@link GroupNormalization}
 * layer ({@code norm1}, ...) computed in Java loops. V1 keeps separate BatchNorm, Mish ({@code
 * mish1}, ...) and pooling ({@code pool1}, ...) layers.
 *
 * <p>V2's head flattens {@code [C, T', F]} time-major, as {@code [T', C, F]} ({@link
 * TimeMajorFlatten}), then Linear(T' C F -> 100) -> Mish -> Dropout -> Linear(100 -> 1) ->
 * sigmoid. V1 uses BatchNorm (eps 1e-5, PyTorch momentum 0.1) and applies the same head to each
 * frame's {@code C x F} features; SPIRA.md gives only its size (19,613 parameters), so this
 * assumes v1's head: per frame Linear(C F = 160 -> 100) -> Mish -> Dropout -> Linear(100 -> 1)
 * -> sigmoid (16,201 parameters), written as (1, F) and 1x1 convolutions, and the window
 * probability is the mean of its T' frame probabilities.
 *
 * <p>The optimizer is Adam on a {@link NoamSchedule}, with coupled L2 on every parameter
 * ({@code l2} and {@code l2Bias}): Deeplearning4j adds {@code weightDecay * param} to the
 * minibatch-mean gradient before Adam, as PyTorch's {@code Adam(weight_decay)}. Two
 * differences: Deeplearning4j's BatchNormalization never regularises its parameters (V1 only),
 * and its Adam adds epsilon to sqrt(v) before bias correction, i.e. PyTorch's epsilon divided by
 * sqrt(1 - beta2^t), which matters only for gradients near 1e-7. The network's score includes
 * the L2 term {@code weightDecay / 2 * sum(param^2)}; PyTorch's loss does not.
 */
public final class SpiraConvNet {

    /** Hidden units of the head. */
    static final int HIDDEN = 100;

    /** Decay of BatchNorm running statistics, Deeplearning4j's convention (PyTorch momentum 0.1). */
    private static final double BATCH_NORM_DECAY = 0.9;

    /** One convolution block: output channels, kernel and dilation along time, norm groups. */
    record Block(int channels, int kernel, int dilation, int groups, boolean pooled) {
        int framesOut(int framesIn) {
            int convolved = framesIn - dilation * (kernel - 1);
            if (convolved < 1) {
                return 0;
            }
            return pooled ? convolved / 2 : convolved;
        }
    }

    static final List<Block> BLOCKS = List.of(
            new Block(32, 7, 2, 16, true),
            new Block(16, 5, 2, 8, true),
            new Block(8, 3, 2, 4, true),
            new Block(4, 2, 1, 2, false));

    private SpiraConvNet() {}

    /** The configuration of {@code spec}'s network. */
    public static MultiLayerConfiguration configuration(ModelSpec spec) {
        ListBuilder layers = base(spec).list();
        int channels = 1;
        for (int i = 0; i < BLOCKS.size(); i++) {
            addBlock(layers, i + 1, BLOCKS.get(i), channels, spec);
            channels = BLOCKS.get(i).channels();
        }
        if (spec.architecture() == Architecture.V2) {
            addWindowHead(layers, spec);
        } else {
            addFrameHead(layers, spec);
        }
        return layers.setInputType(InputType.convolutional(spec.frames(), spec.coefficients(), 1))
                .build();
    }

    /** A new, initialised network for {@code spec} (weights drawn from {@code spec.seed()}). */
    public static MultiLayerNetwork network(ModelSpec spec) {
        MultiLayerNetwork network = new MultiLayerNetwork(configuration(spec));
        network.init();
        return network;
    }

    /**
     * Parameters the optimizer updates, as PyTorch counts them: Deeplearning4j also stores
     * BatchNorm's running mean and variance in the parameter vector, which this leaves out.
     */
    public static long trainableParameters(MultiLayerNetwork network) {
        long count = 0;
        for (org.deeplearning4j.nn.api.Layer layer : network.getLayers()) {
            for (var param : layer.paramTable().entrySet()) {
                boolean frozen = layer.conf().getLayer().getUpdaterByParam(param.getKey()) instanceof NoOp;
                count += frozen ? 0 : param.getValue().length();
            }
        }
        return count;
    }

    /** Time frames after the convolution blocks, or 0 if none is left. */
    static int framesAfterConvolutions(int frames) {
        int remaining = frames;
        for (Block block : BLOCKS) {
            remaining = remaining < 1 ? 0 : block.framesOut(remaining);
        }
        return remaining;
    }

    private static NeuralNetConfiguration.Builder base(ModelSpec spec) {
        OptimizerSpec optimizer = spec.optimizer();
        return new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.UNIFORM)
                .convolutionMode(ConvolutionMode.Truncate)
                .updater(Adam.builder()
                        .learningRateSchedule(optimizer.schedule())
                        .beta1(optimizer.beta1())
                        .beta2(optimizer.beta2())
                        .epsilon(optimizer.epsilon())
                        .build())
                .l2(optimizer.weightDecay())
                .l2Bias(optimizer.weightDecay());
    }

    private static void addBlock(ListBuilder layers, int index, Block block, int channelsIn, ModelSpec spec) {
        layers.layer(new TimeConvolution.Builder(block.kernel(), block.dilation())
                .name("conv" + index)
                .nIn(channelsIn)
                .nOut(block.channels())
                .activation(Activation.IDENTITY)
                .build());
        if (spec.architecture() == Architecture.V2) {
            GroupNormalization.Builder norm = new GroupNormalization.Builder(block.groups()).mish();
            if (block.pooled()) {
                norm.maxPool();
            }
            layers.layer(norm.name("norm" + index).build());
        } else {
            layers.layer(new BatchNormalization.Builder()
                    .name("norm" + index)
                    .eps(GroupNormalization.EPSILON)
                    .decay(BATCH_NORM_DECAY)
                    .build());
            layers.layer(new ActivationLayer.Builder()
                    .name("mish" + index)
                    .activation(new MishActivation())
                    .build());
            if (block.pooled()) {
                layers.layer(new SubsamplingLayer.Builder(
                                SubsamplingLayer.PoolingType.MAX, new int[] {2, 1}, new int[] {2, 1})
                        .name("pool" + index)
                        .build());
            }
        }
        layers.layer(dropout(index, spec));
    }

    private static DropoutLayer dropout(int index, ModelSpec spec) {
        return new DropoutLayer.Builder()
                .name("drop" + index)
                .dropOut(new Dropout(1 - spec.dropout()))
                .build();
    }

    private static void addWindowHead(ListBuilder layers, ModelSpec spec) {
        int channels = BLOCKS.get(BLOCKS.size() - 1).channels();
        int frames = spec.convolvedFrames();
        layers.layer(new DenseLayer.Builder()
                .name("fc1")
                .nOut(HIDDEN)
                .activation(new MishActivation())
                .build());
        layers.inputPreProcessor(layerCount(layers) - 1, new TimeMajorFlatten(channels, frames, spec.coefficients()));
        layers.layer(dropout(BLOCKS.size() + 1, spec));
        layers.layer(new OutputLayer.Builder(LossFunction.XENT)
                .name("fc2")
                .nOut(1)
                .activation(Activation.SIGMOID)
                .build());
    }

    private static void addFrameHead(ListBuilder layers, ModelSpec spec) {
        layers.layer(new ConvolutionLayer.Builder(1, spec.coefficients())
                .name("fc1")
                .nOut(HIDDEN)
                .activation(new MishActivation())
                .build());
        layers.layer(dropout(BLOCKS.size() + 1, spec));
        layers.layer(new ConvolutionLayer.Builder(1, 1)
                .name("fc2")
                .nOut(1)
                .activation(Activation.SIGMOID)
                .build());
        layers.layer(new GlobalPoolingLayer.Builder(PoolingType.AVG)
                .name("frames")
                .collapseDimensions(true)
                .build());
        layers.layer(new LossLayer.Builder(LossFunction.XENT)
                .name("loss")
                .activation(Activation.IDENTITY)
                .build());
    }

    private static int layerCount(ListBuilder layers) {
        return layers.getLayerwise().size();
    }
}
