package org.spira.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The computation of {@link TimeConvolution}. A convolution with dilation d along time is an
 * undilated one on the time-phase layout: with T padded to a multiple of d (zero frames at the
 * end), {@code [N, C, T, F]} reshaped for free to {@code [N, C, T/d, d F]} holds frame {@code d s +
 * p} in row s at columns {@code p F ... p F + F - 1}, so the (k, 1) kernel applied to consecutive
 * rows reads frames d apart, in every phase p at once. The output {@code [N, C', T/d - k + 1, d
 * F]} is reshaped back to {@code [N, C', T - d (k - 1), F]} and the frames computed from padding
 * are cropped. oneDNN (ND4J's oneDNN builds) runs undilated convolutions, which it does not
 * accept with dilation, and the im2col buffers of Deeplearning4j's own implementation disappear.
 *
 * <p>Both passes use ND4J's {@code conv2d} and {@code conv2d_bp} operations with weights in
 * Deeplearning4j's {@code [C', C, k, 1]} layout; the backward pass pads the output gradient with
 * zeros where the forward pass cropped. As the network's first layer it returns no input gradient
 * and computes the parameter gradients as matrix products instead.
 */
final class TimeConvolutionLayer extends BaseLayer<TimeConvolution> {
    private static final long serialVersionUID = 1L;

    TimeConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Type type() {
        return Type.CONVOLUTIONAL;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray phased = phased(input, workspaceMgr, ArrayType.FF_WORKING_MEM);
        long[] phasedShape = {input.size(0), weights().size(0), phased.size(2) - kernel() + 1, phased.size(3)};
        boolean cropped = padded(input.size(2)) != input.size(2);
        INDArray output = workspaceMgr.createUninitialized(
                cropped ? ArrayType.FF_WORKING_MEM : ArrayType.ACTIVATIONS, input.dataType(), phasedShape, 'c');
        exec("conv2d", new INDArray[] {phased, weights(), bias()}, new INDArray[] {output});
        INDArray plain =
                output.reshape('c', output.size(0), output.size(1), output.size(2) * dilation(), input.size(3));
        if (!cropped) {
            return plain;
        }
        return workspaceMgr.dup(
                ArrayType.ACTIVATIONS,
                plain.get(
                        NDArrayIndex.all(),
                        NDArrayIndex.all(),
                        NDArrayIndex.interval(0, outputFrames()),
                        NDArrayIndex.all()),
                'c');
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray phased = phased(input, workspaceMgr, ArrayType.BP_WORKING_MEM);
        INDArray upstream = workspaceMgr.create(
                ArrayType.BP_WORKING_MEM,
                input.dataType(),
                new long[] {epsilon.size(0), epsilon.size(1), phased.size(2) - kernel() + 1, phased.size(3)},
                'c');
        upstream.reshape('c', epsilon.size(0), epsilon.size(1), upstream.size(2) * dilation(), epsilon.size(3))
                .get(
                        NDArrayIndex.all(),
                        NDArrayIndex.all(),
                        NDArrayIndex.interval(0, epsilon.size(2)),
                        NDArrayIndex.all())
                .assign(epsilon);
        INDArray weightGradient = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray biasGradient = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradient);
        gradient.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradient);
        if (getIndex() == 0) {
            parameterGradients(phased, upstream, weightGradient, biasGradient, workspaceMgr);
            return new Pair<>(gradient, null);
        }
        INDArray phasedGradient =
                workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, input.dataType(), phased.shape(), 'c');
        exec("conv2d_bp", new INDArray[] {phased, weights(), bias(), upstream}, new INDArray[] {
            phasedGradient, weightGradient, biasGradient.reshape(biasGradient.length())
        });
        INDArray inputGradient = phasedGradient
                .reshape('c', input.size(0), input.size(1), phased.size(2) * dilation(), input.size(3))
                .get(
                        NDArrayIndex.all(),
                        NDArrayIndex.all(),
                        NDArrayIndex.interval(0, input.size(2)),
                        NDArrayIndex.all());
        return new Pair<>(gradient, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, inputGradient, 'c'));
    }

    /**
     * The weight and bias gradients alone, for the network's first layer, whose input needs no
     * gradient (the network drops it, as PyTorch does for an input without requires_grad): per
     * sample and input channel, one matrix product of the output gradient {@code [C', R d F]} with
     * the k row-shifted copies of the phased input {@code [k, R d F]} (R = output rows), and the
     * bias gradient as the output gradient's sum. conv2d_bp would also compute the input gradient.
     */
    private void parameterGradients(
            INDArray phased,
            INDArray upstream,
            INDArray weightGradient,
            INDArray biasGradient,
            LayerWorkspaceMgr workspaceMgr) {
        long channelsOut = upstream.size(1);
        long channelsIn = phased.size(1);
        long rows = upstream.size(2);
        long width = phased.size(3);
        int k = kernel();
        INDArray perChannel = weightGradient.reshape('c', channelsOut, channelsIn, k);
        perChannel.assign(0);
        INDArray shifted = workspaceMgr.createUninitialized(
                ArrayType.BP_WORKING_MEM, phased.dataType(), new long[] {k, rows * width}, 'c');
        for (long n = 0; n < phased.size(0); n++) {
            INDArray outputGradient = upstream.get(NDArrayIndex.point(n)).reshape('c', channelsOut, rows * width);
            for (long c = 0; c < channelsIn; c++) {
                INDArray sample = phased.get(NDArrayIndex.point(n), NDArrayIndex.point(c));
                for (int j = 0; j < k; j++) {
                    shifted.getRow(j)
                            .assign(sample.get(NDArrayIndex.interval(j, j + rows), NDArrayIndex.all())
                                    .reshape('c', new long[] {rows * width}));
                }
                perChannel
                        .get(NDArrayIndex.all(), NDArrayIndex.point(c), NDArrayIndex.all())
                        .addi(outputGradient.mmul(shifted.transpose()));
            }
        }
        biasGradient.assign(upstream.sum(0, 2, 3).reshape(biasGradient.shape()));
    }

    /** {@code x} as {@code [N, C, T'/d, d F]}, T' = T padded with zero frames to a multiple of d. */
    private INDArray phased(INDArray x, LayerWorkspaceMgr workspaceMgr, ArrayType scratch) {
        long frames = x.size(2);
        long padded = padded(frames);
        INDArray source = x;
        if (padded != frames || !NativeFloats.isContiguous(x)) {
            source = workspaceMgr.create(
                    scratch, x.dataType(), new long[] {x.size(0), x.size(1), padded, x.size(3)}, 'c');
            source.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, frames), NDArrayIndex.all())
                    .assign(x);
        }
        return source.reshape('c', x.size(0), x.size(1), padded / dilation(), dilation() * x.size(3));
    }

    private void exec(String op, INDArray[] inputs, INDArray[] outputs) {
        // kernel (k, 1), stride (1, 1), padding (0, 0), dilation (1, 1), VALID, NCHW, weights [O, I, kH, kW]
        Nd4j.exec(DynamicCustomOp.builder(op)
                .addInputs(inputs)
                .addOutputs(outputs)
                .addIntegerArguments(kernel(), 1, 1, 1, 0, 0, 1, 1, 0, 0, 1)
                .build());
    }

    private long padded(long frames) {
        return (frames + dilation() - 1) / dilation() * dilation();
    }

    private long outputFrames() {
        return input.size(2) - (long) dilation() * (kernel() - 1);
    }

    private INDArray weights() {
        return getParam(ConvolutionParamInitializer.WEIGHT_KEY);
    }

    private INDArray bias() {
        INDArray bias = getParam(ConvolutionParamInitializer.BIAS_KEY);
        return bias.reshape(bias.length());
    }

    private int kernel() {
        return layerConf().kernel();
    }

    private int dilation() {
        return layerConf().dilation();
    }
}
