package org.spira.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The computation of {@link GroupNormalization} on {@code [N, C, H, W]} activations. Each
 * (sample, group) is a row of K = (C/G) H W values; with x^ = (x - mean) / s and s = sqrt(var +
 * eps), the backward pass is the usual normalisation gradient: dbeta[c] and dgamma[c] sum dy and
 * dy x^ over samples and positions, and dx = (g - mean(g) - x^ mean(g x^)) / s with g = gamma
 * dy, means taken over the row.
 *
 * <p>float32 activations (every SPIRA network) run through {@link GroupNormKernel} in Java loops,
 * Mish and pooling included; other types (double-precision gradient checks) through ND4J
 * operations and {@link MishActivation}, without pooling.
 */
final class GroupNormalizationLayer extends BaseLayer<GroupNormalization> {
    private static final long serialVersionUID = 1L;

    /** Normalised rows {@code [N G, K]} and their standard deviations {@code [N G, 1]}. */
    private record Normalized(INDArray rows, INDArray deviation) {}

    GroupNormalizationLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Type type() {
        return Type.NORMALIZATION;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (input.dataType() == DataType.FLOAT) {
            INDArray in = NativeFloats.contiguous(input);
            INDArray output =
                    workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, outputShape(in), 'c');
            kernel(in)
                    .forward(
                            NativeFloats.of(in),
                            NativeFloats.of(output),
                            rows(in),
                            floats(GroupNormalization.GAMMA),
                            floats(GroupNormalization.BETA));
            return output;
        }
        requireUnpooled();
        INDArray output = affine(normalize(input).rows());
        if (layerConf().mish()) {
            new MishActivation().getActivation(output, training);
        }
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, output.reshape(input.shape()));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (input.dataType() == DataType.FLOAT) {
            return floatGradient(epsilon, workspaceMgr);
        }
        requireUnpooled();
        Normalized normalized = normalize(input);
        INDArray upstream = epsilon.castTo(input.dataType()).dup('c').reshape(perChannel(input));
        if (layerConf().mish()) {
            upstream = new MishActivation()
                    .backprop(affine(normalized.rows()), upstream)
                    .getFirst();
        }
        INDArray normalizedPerChannel = normalized.rows().reshape(perChannel(input));
        Gradient gradient = new DefaultGradient();
        store(gradient, GroupNormalization.BETA, upstream.sum(0, 2));
        store(
                gradient,
                GroupNormalization.GAMMA,
                upstream.mul(normalizedPerChannel).sum(0, 2));

        Nd4j.getExecutioner().exec(new BroadcastMulOp(upstream, vector(GroupNormalization.GAMMA), upstream, 1));
        INDArray g = upstream.reshape(normalized.rows().shape());
        INDArray meanG = g.mean(true, 1);
        INDArray meanGx = g.mul(normalized.rows()).mean(true, 1);
        INDArray inputGradient = g.subiColumnVector(meanG)
                .subi(normalized.rows().mulColumnVector(meanGx))
                .diviColumnVector(normalized.deviation());
        return new Pair<>(gradient, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, inputGradient.reshape(input.shape())));
    }

    private Pair<Gradient, INDArray> floatGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        INDArray in = NativeFloats.contiguous(input);
        INDArray upstream = NativeFloats.contiguous(epsilon.castTo(DataType.FLOAT));
        INDArray inputGradient =
                workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, in.shape(), 'c');
        float[] gamma = floats(GroupNormalization.GAMMA);
        float[] gammaGradient = new float[gamma.length];
        float[] betaGradient = new float[gamma.length];
        kernel(in)
                .backward(
                        NativeFloats.of(in),
                        NativeFloats.of(upstream),
                        NativeFloats.of(inputGradient),
                        rows(in),
                        gamma,
                        floats(GroupNormalization.BETA),
                        gammaGradient,
                        betaGradient);
        Gradient gradient = new DefaultGradient();
        store(gradient, GroupNormalization.BETA, Nd4j.createFromArray(betaGradient));
        store(gradient, GroupNormalization.GAMMA, Nd4j.createFromArray(gammaGradient));
        return new Pair<>(gradient, inputGradient);
    }

    private GroupNormKernel kernel(INDArray x) {
        int channelsPerGroup = (int) (x.size(1) / layerConf().groups());
        return new GroupNormKernel(
                channelsPerGroup,
                (int) x.size(2),
                (int) x.size(3),
                layerConf().mish(),
                layerConf().pooled());
    }

    private long[] outputShape(INDArray x) {
        long height = layerConf().pooled() ? x.size(2) / 2 : x.size(2);
        return new long[] {x.size(0), x.size(1), height, x.size(3)};
    }

    private void requireUnpooled() {
        if (layerConf().pooled()) {
            throw new ModelException("GroupNormalization " + layerConf().getLayerName() + " pools, which it does on"
                    + " float32 activations only, got " + input.dataType() + "; use a float32 network");
        }
    }

    private int rows(INDArray x) {
        return (int) x.size(0) * layerConf().groups();
    }

    /** gamma x^ + beta per channel, {@code [N, C, H W]}, from the normalised rows. */
    private INDArray affine(INDArray normalizedRows) {
        INDArray output = normalizedRows.dup('c').reshape(perChannel(input));
        Nd4j.getExecutioner().exec(new BroadcastMulOp(output, vector(GroupNormalization.GAMMA), output, 1));
        Nd4j.getExecutioner().exec(new BroadcastAddOp(output, vector(GroupNormalization.BETA), output, 1));
        return output;
    }

    private Normalized normalize(INDArray x) {
        long rows = x.size(0) * layerConf().groups();
        INDArray grouped = x.dup('c').reshape(rows, x.length() / rows);
        INDArray centered = grouped.subiColumnVector(grouped.mean(true, 1));
        INDArray deviation =
                Transforms.sqrt(centered.mul(centered).mean(true, 1).addi(GroupNormalization.EPSILON), false);
        return new Normalized(centered.diviColumnVector(deviation), deviation);
    }

    private void store(Gradient gradient, String key, INDArray perChannel) {
        INDArray view = gradientViews.get(key);
        view.assign(perChannel.reshape(view.shape()));
        gradient.gradientForVariable().put(key, view);
    }

    private INDArray vector(String key) {
        return getParam(key).reshape(getParam(key).length());
    }

    private float[] floats(String key) {
        return getParam(key).toFloatVector();
    }

    private static long[] perChannel(INDArray x) {
        return new long[] {x.size(0), x.size(1), x.size(2) * x.size(3)};
    }
}
