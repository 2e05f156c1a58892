package org.spira.model.train;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A small real CNN with SpiraConvV2's contract (input NCHW float32 [batch, 1, 401, 40], convolution
 * along time only, a normalisation after it as SpiraConvV2's GroupNorm (raw MFCCs reach hundreds), output [batch, 1] sigmoid, binary cross-entropy, Adam inside the configuration),
 * about 31k parameters, so that the trainer's tests run in seconds on a CPU. The trainer is tested
 * with it; SpiraConvV2's own tests come with the model.
 */
final class TestCnn {
    private TestCnn() {}

    /** The network, initialised from {@code seed}; {@code dropRetain} < 1 adds dropout before the dense layer. */
    static MultiLayerNetwork build(long seed, double dropRetain) {
        DenseLayer.Builder dense = new DenseLayer.Builder().nOut(16).activation(Activation.RELU);
        if (dropRetain < 1) {
            dense.dropOut(dropRetain);
        }
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(5e-3))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new ConvolutionLayer.Builder(8, 1)
                        .stride(4, 1)
                        .nOut(4)
                        .activation(Activation.RELU)
                        .build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX)
                        .kernelSize(8, 1)
                        .stride(8, 1)
                        .build())
                .layer(dense.build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                        .nOut(1)
                        .activation(Activation.SIGMOID)
                        .build())
                .setInputType(InputType.convolutional(401, 40, 1))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }
}
