package org.spira.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The float32 GroupNorm kernel, with Mish and max pooling fused or not, against the layers it
 * replaces computed in double precision: {@link GroupNormalization}'s ND4J path, {@link
 * MishActivation}'s ND4J path and Deeplearning4j's max pooling (2, 1). Outputs, input gradients
 * and gamma and beta gradients, with gamma and beta away from 1 and 0, on activations large enough
 * to reach Mish's clamped range, for even and odd heights.
 */
class FusedGroupNormalizationTest {
    private static final int CHANNELS = 8;
    private static final int GROUPS = 4;
    private static final int WIDTH = 6;
    /** float32 sums over a row, and the polynomial exponential (4.5e-6 relative). */
    private static final double TOLERANCE = 2e-5;

    @ParameterizedTest
    @CsvSource({"false, false, 10", "true, false, 11", "true, true, 10", "true, true, 11", "false, true, 9"})
    void matchesTheSeparateLayersInDoublePrecision(boolean mish, boolean pooled, int height) {
        MultiLayerNetwork reference = reference(mish, pooled, height);
        GroupNormalization.Builder fused = new GroupNormalization.Builder(GROUPS);
        if (mish) {
            fused.mish();
        }
        if (pooled) {
            fused.maxPool();
        }
        MultiLayerNetwork network = network(DataType.FLOAT, height, fused.build());
        Nd4j.getRandom().setSeed(height);
        INDArray parameters =
                Nd4j.rand(DataType.DOUBLE, 1, 2 * CHANNELS).muli(2).subi(0.5);
        reference.setParams(parameters);
        network.setParams(parameters.castTo(DataType.FLOAT));

        INDArray input =
                Nd4j.rand(DataType.DOUBLE, 3, CHANNELS, height, WIDTH).muli(40).subi(20);
        input.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).muli(5);
        INDArray expected = reference.output(input, true);
        Layer layer = network.getLayer(0);
        INDArray actual = layer.activate(input.castTo(DataType.FLOAT), true, LayerWorkspaceMgr.noWorkspaces());
        assertClose("output", expected, actual);

        INDArray epsilon = Nd4j.rand(DataType.DOUBLE, expected.shape()).subi(0.5);
        Pair<Gradient, INDArray> want = backprop(reference, input, epsilon);
        Pair<Gradient, INDArray> got =
                layer.backpropGradient(epsilon.castTo(DataType.FLOAT), LayerWorkspaceMgr.noWorkspaces());
        assertClose("input gradient", want.getSecond(), got.getSecond());
        for (String key : new String[] {GroupNormalization.GAMMA, GroupNormalization.BETA}) {
            assertClose(
                    key,
                    want.getFirst().getGradientFor("0_" + key),
                    got.getFirst().getGradientFor(key));
        }
    }

    private static MultiLayerNetwork reference(boolean mish, boolean pooled, int height) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .list()
                .layer(new GroupNormalization.Builder(GROUPS).build());
        if (mish) {
            layers.layer(new ActivationLayer.Builder()
                    .activation(new MishActivation())
                    .build());
        }
        if (pooled) {
            layers.layer(
                    new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX, new int[] {2, 1}, new int[] {2, 1})
                            .build());
        }
        MultiLayerNetwork network =
                new MultiLayerNetwork(layers.setInputType(InputType.convolutional(height, WIDTH, CHANNELS))
                        .build());
        network.init();
        network.initGradientsView();
        return network;
    }

    private static MultiLayerNetwork network(DataType type, int height, GroupNormalization layer) {
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .dataType(type)
                .list()
                .layer(layer)
                .setInputType(InputType.convolutional(height, WIDTH, CHANNELS))
                .build());
        network.init();
        network.initGradientsView();
        return network;
    }

    /** The reference network's gradients for output gradient {@code epsilon}. */
    private static Pair<Gradient, INDArray> backprop(MultiLayerNetwork network, INDArray input, INDArray epsilon) {
        network.setInput(input);
        network.feedForward(true, false);
        return network.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
    }

    private static void assertClose(String what, INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double error =
                expected.sub(actual.castTo(DataType.DOUBLE)).norm2Number().doubleValue()
                        / expected.norm2Number().doubleValue();
        assertTrue(error < TOLERANCE, what + ": relative L2 error " + error);
    }
}
