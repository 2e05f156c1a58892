package org.spira.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The time-phase convolution against Deeplearning4j's own dilated convolution, from the same
 * parameters, in float32: outputs, input gradients and parameter gradients, for even and odd
 * frame counts (the odd ones pad and crop) and for dilation 1 (no phases); as a network's first
 * layer, the parameter gradients and no input gradient.
 */
class TimeConvolutionTest {
    private static final int CHANNELS = 3;
    private static final int COEFFICIENTS = 5;
    private static final double TOLERANCE = 1e-5;

    @ParameterizedTest
    @CsvSource({
        "40, 7, 2, false",
        "41, 7, 2, false",
        "33, 5, 2, false",
        "20, 2, 1, false",
        "21, 3, 3, false",
        "40, 7, 2, true",
        "41, 7, 2, true",
        "21, 3, 3, true"
    })
    void matchesTheDilatedConvolution(int frames, int kernel, int dilation, boolean first) {
        Layer reference = layer(new ConvolutionLayer.Builder(kernel, 1).dilation(dilation, 1), frames, first);
        Layer phased = layer(new TimeConvolution.Builder(kernel, dilation), frames, first);
        Nd4j.getRandom().setSeed(kernel);
        for (String key : new String[] {"W", "b"}) {
            reference
                    .getParam(key)
                    .assign(Nd4j.rand(DataType.FLOAT, reference.getParam(key).shape())
                            .subi(0.5));
            phased.getParam(key).assign(reference.getParam(key));
        }

        Nd4j.getRandom().setSeed(frames);
        INDArray input =
                Nd4j.rand(DataType.FLOAT, 2, CHANNELS, frames, COEFFICIENTS).subi(0.5);
        INDArray expected = reference.activate(input, true, LayerWorkspaceMgr.noWorkspaces());
        INDArray actual = phased.activate(input, true, LayerWorkspaceMgr.noWorkspaces());
        assertArrayEquals(expected.shape(), actual.shape());
        assertClose("output", expected, actual);

        INDArray epsilon = Nd4j.rand(DataType.FLOAT, expected.shape()).subi(0.5);
        Pair<Gradient, INDArray> want = reference.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
        Pair<Gradient, INDArray> got = phased.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
        if (first) {
            assertNull(got.getSecond(), "the network's first layer computes no input gradient");
        } else {
            assertClose("input gradient", want.getSecond(), got.getSecond());
        }
        for (String key : new String[] {"W", "b"}) {
            assertClose(
                    key + " gradient",
                    want.getFirst().getGradientFor(key),
                    got.getFirst().getGradientFor(key));
        }
    }

    /** The layer of {@code builder}, first in its network or after an identity layer. */
    private static Layer layer(ConvolutionLayer.Builder builder, int frames, boolean first) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(7)
                .dataType(DataType.FLOAT)
                .convolutionMode(ConvolutionMode.Truncate)
                .list();
        if (!first) {
            layers.layer(new ActivationLayer.Builder()
                    .activation(Activation.IDENTITY)
                    .build());
        }
        MultiLayerNetwork network = new MultiLayerNetwork(
                layers.layer(builder.nOut(4).activation(Activation.IDENTITY).build())
                        .setInputType(InputType.convolutional(frames, COEFFICIENTS, CHANNELS))
                        .build());
        network.init();
        network.initGradientsView();
        return network.getLayer(first ? 0 : 1);
    }

    private static void assertClose(String what, INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double error = expected.sub(actual).norm2Number().doubleValue()
                / expected.norm2Number().doubleValue();
        assertTrue(error < TOLERANCE, what + ": relative L2 error " + error);
    }
}
