package org.spira.model;

import java.nio.FloatBuffer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Mish, {@code x * tanh(softplus(x))}, with a derivative that stays finite for every float:
 * {@code tanh(sp) + x * sigmoid(x) * (1 - tanh(sp)^2)}, {@code sp = softplus(x)}. ND4J's own
 * {@code Activation.MISH} evaluates its derivative as a ratio of powers of {@code e^x}, which
 * overflows to NaN in float32 for x above about 22; GroupNorm outputs on real MFCC windows do
 * reach that, so the network uses this activation instead (same values as {@code torch.nn.Mish}).
 *
 * <p>float32 arrays run through {@link MishKernel} in Java loops, in chunks; other types (double
 * precision gradient checks) through ND4J's element-wise operations.
 */
public final class MishActivation extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;

    /** Values per chunk moved between native memory and the Java loops. */
    private static final int CHUNK = 1 << 14;

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        if (in.dataType() == DataType.FLOAT) {
            INDArray values = NativeFloats.contiguous(in);
            FloatBuffer buffer = NativeFloats.of(values);
            float[] x = new float[CHUNK];
            for (int start = 0; start < buffer.limit(); start += CHUNK) {
                int length = Math.min(CHUNK, buffer.limit() - start);
                buffer.get(start, x, 0, length);
                MishKernel.forward(x, x, length);
                buffer.put(start, x, 0, length);
            }
            return values == in ? in : in.assign(values);
        }
        return in.muli(Transforms.tanh(Transforms.softPlus(in, true), false));
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        if (in.dataType() == DataType.FLOAT) {
            return new Pair<>(floatGradient(in, epsilon), null);
        }
        INDArray tanhSoftplus = Transforms.tanh(Transforms.softPlus(in, true), false);
        INDArray sech2 = tanhSoftplus.mul(tanhSoftplus).rsubi(1);
        INDArray derivative = Transforms.sigmoid(in, true).muli(in).muli(sech2).addi(tanhSoftplus);
        return new Pair<>(derivative.muli(epsilon), null);
    }

    private static INDArray floatGradient(INDArray in, INDArray epsilon) {
        INDArray gradient = epsilon.castTo(DataType.FLOAT).dup('c');
        FloatBuffer values = NativeFloats.of(NativeFloats.contiguous(in));
        FloatBuffer gradients = NativeFloats.of(gradient);
        float[] x = new float[CHUNK];
        float[] g = new float[CHUNK];
        for (int start = 0; start < values.limit(); start += CHUNK) {
            int length = Math.min(CHUNK, values.limit() - start);
            values.get(start, x, 0, length);
            gradients.get(start, g, 0, length);
            MishKernel.backward(x, g, length);
            gradients.put(start, g, 0, length);
        }
        return gradient;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MishActivation;
    }

    @Override
    public int hashCode() {
        return MishActivation.class.hashCode();
    }

    @Override
    public String toString() {
        return "mish";
    }
}
