package org.spira.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
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
 * frame counts (the odd ones pad and crop) and for dilation 1 (no phases).
 */
class TimeConvolutionTest {
    private static final int CHANNELS = 3;
    private static final int COEFFICIENTS = 5;
    private static final double TOLERANCE = 1e-5;

    @ParameterizedTest
    @CsvSource({"40, 7, 2", "41, 7, 2", "33, 5, 2", "20, 2, 1", "21, 3, 3"})
    void matchesTheDilatedConvolution(int frames, int kernel, int dilation) {
        Layer reference = layer(new ConvolutionLayer.Builder(kernel, 1).dilation(dilation, 1), frames);
        Layer phased = layer(new TimeConvolution.Builder(kernel, dilation), frames);
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
        assertClose("input gradient", want.getSecond(), got.getSecond());
        for (String key : new String[] {"W", "b"}) {
            assertClose(
                    key + " gradient",
                    want.getFirst().getGradientFor(key),
                    got.getFirst().getGradientFor(key));
        }
    }

    private static Layer layer(ConvolutionLayer.Builder builder, int frames) {
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(7)
                .dataType(DataType.FLOAT)
                .convolutionMode(ConvolutionMode.Truncate)
                .list()
                .layer(builder.nOut(4).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(frames, COEFFICIENTS, CHANNELS))
                .build());
        network.init();
        network.initGradientsView();
        return network.getLayer(0);
    }

    private static void assertClose(String what, INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double error = expected.sub(actual).norm2Number().doubleValue()
                / expected.norm2Number().doubleValue();
        assertTrue(error < TOLERANCE, what + ": relative L2 error " + error);
    }
}
