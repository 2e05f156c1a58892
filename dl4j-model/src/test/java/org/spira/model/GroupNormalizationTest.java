package org.spira.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** GroupNormalization against its formula, and its backward pass against finite differences. */
class GroupNormalizationTest {
    private static final int CHANNELS = 4;
    private static final int GROUPS = 2;
    private static final int HEIGHT = 3;
    private static final int WIDTH = 5;

    private final DataType defaultType = Nd4j.dataType();

    @AfterEach
    void restoreDataType() {
        Nd4j.setDefaultDataTypes(defaultType, defaultType);
    }

    /**
     * Each (sample, group) holds mean + sd * z with z = +-1 alternating (mean 0, variance 1 over
     * its 2 x 3 x 5 values), so the output is exactly gamma[c] * sd / sqrt(sd^2 + 1e-5) * z + beta[c].
     */
    @Test
    void normalisesEachGroupWithTheBiasedVarianceThenScalesAndShiftsEachChannel() {
        double[][] means = {{3, -40}, {0.5, 1e3}};
        double[][] deviations = {{2, 0.01}, {1e-3, 25}};
        double[] gamma = {1.5, -0.5, 2, 0.25};
        double[] beta = {0.1, -3, 0, 7};
        INDArray input = Nd4j.create(DataType.DOUBLE, 2, CHANNELS, HEIGHT, WIDTH);
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < CHANNELS; c++) {
                int g = c / (CHANNELS / GROUPS);
                for (int h = 0; h < HEIGHT; h++) {
                    for (int w = 0; w < WIDTH; w++) {
                        input.putScalar(new int[] {n, c, h, w}, means[n][g] + deviations[n][g] * z(c, h, w));
                    }
                }
            }
        }
        MultiLayerNetwork network = normalizationOnly();
        network.getLayer(0).setParam(GroupNormalization.GAMMA, Nd4j.create(new double[][] {gamma}));
        network.getLayer(0).setParam(GroupNormalization.BETA, Nd4j.create(new double[][] {beta}));

        INDArray output = normalized(network, input);
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < CHANNELS; c++) {
                double sd = deviations[n][c / (CHANNELS / GROUPS)];
                double scale = gamma[c] * sd / Math.sqrt(sd * sd + GroupNormalization.EPSILON);
                for (int h = 0; h < HEIGHT; h++) {
                    for (int w = 0; w < WIDTH; w++) {
                        double expected = scale * z(c, h, w) + beta[c];
                        double actual = output.getDouble(n, c, h, w);
                        assertEquals(expected, actual, 1e-9 * (1 + Math.abs(expected)), "n=" + n + " c=" + c);
                    }
                }
            }
        }
    }

    @Test
    void startsAsThePlainNormalisationWithTwoParametersPerChannel() {
        MultiLayerNetwork network = normalizationOnly();
        assertEquals(2 * CHANNELS, network.getLayer(0).numParams());
        INDArray output = normalized(
                network, Nd4j.rand(DataType.DOUBLE, 3, CHANNELS, HEIGHT, WIDTH).muli(50));
        INDArray perGroup = output.reshape(3 * GROUPS, CHANNELS / GROUPS * HEIGHT * WIDTH);
        double meanError = perGroup.mean(1).amaxNumber().doubleValue();
        double varianceError = perGroup.var(false, 1).subi(1).amaxNumber().doubleValue();
        assertTrue(meanError < 1e-12, "group means " + meanError);
        assertTrue(varianceError < 1e-4, "group variances differ from 1 - eps/(var + eps) by " + varianceError);
    }

    @Test
    void backwardPassMatchesFiniteDifferences() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        MultiLayerNetwork network = new MultiLayerNetwork(builder()
                .layer(new ConvolutionLayer.Builder(3, 1)
                        .nOut(CHANNELS)
                        .activation(Activation.IDENTITY)
                        .build())
                .layer(new GroupNormalization.Builder(GROUPS).build())
                .layer(new ActivationLayer.Builder().activation(Activation.MISH).build())
                .layer(new DenseLayer.Builder()
                        .nOut(3)
                        .activation(Activation.TANH)
                        .build())
                .layer(new OutputLayer.Builder(LossFunction.XENT)
                        .nOut(1)
                        .activation(Activation.SIGMOID)
                        .build())
                .setInputType(InputType.convolutional(HEIGHT + 2, WIDTH, 1))
                .build());
        network.init();
        // Perturb gamma and beta away from 1 and 0 so their gradients are exercised in general position.
        network.getLayer(1)
                .params()
                .assign(Nd4j.rand(DataType.DOUBLE, 1, 2 * CHANNELS).addi(0.5));
        INDArray input = Nd4j.rand(DataType.DOUBLE, 3, 1, HEIGHT + 2, WIDTH).muli(4);
        INDArray labels = Nd4j.create(new double[][] {{0}, {1}, {1}});
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                .net(network)
                .input(input)
                .labels(labels)
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-9)
                .subset(true)
                .maxPerParam(8)));
    }

    @Test
    void rejectsAGroupCountThatDoesNotDivideTheChannels() {
        ModelException error = assertThrows(
                ModelException.class,
                () -> new MultiLayerNetwork(builder()
                        .layer(new ConvolutionLayer.Builder(1, 1).nOut(6).build())
                        .layer(new GroupNormalization.Builder(4).build())
                        .layer(new OutputLayer.Builder(LossFunction.XENT)
                                .nOut(1)
                                .build())
                        .setInputType(InputType.convolutional(HEIGHT, WIDTH, 1))
                        .build()));
        assertTrue(error.getMessage().contains("6 channels cannot be split into 4 equal groups"), error.getMessage());
    }

    private static double z(int c, int h, int w) {
        return ((c * HEIGHT + h) * WIDTH + w) % 2 == 0 ? 1 : -1;
    }

    private static INDArray normalized(MultiLayerNetwork network, INDArray input) {
        return network.feedForward(input, false).get(1);
    }

    private static MultiLayerNetwork normalizationOnly() {
        MultiLayerNetwork network = new MultiLayerNetwork(builder()
                .layer(new GroupNormalization.Builder(GROUPS).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE)
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.convolutional(HEIGHT, WIDTH, CHANNELS))
                .build());
        network.init();
        return network;
    }

    private static NeuralNetConfiguration.ListBuilder builder() {
        return new NeuralNetConfiguration.Builder()
                .seed(7)
                .dataType(DataType.DOUBLE)
                .updater(new NoOp())
                .convolutionMode(ConvolutionMode.Truncate)
                .list();
    }
}
