package org.spira.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Mish, {@code x * tanh(softplus(x))}, with a derivative that stays finite for every float:
 * {@code tanh(sp) + x * sigmoid(x) * (1 - tanh(sp)^2)}, {@code sp = softplus(x)}. ND4J's own
 * {@code Activation.MISH} evaluates its derivative as a ratio of powers of {@code e^x}, which
 * overflows to NaN in float32 for x above about 22; GroupNorm outputs on real MFCC windows do
 * reach that, so the network uses this activation instead (same values as {@code torch.nn.Mish}).
 */
public final class MishActivation extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return in.muli(Transforms.tanh(Transforms.softPlus(in, true), false));
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray tanhSoftplus = Transforms.tanh(Transforms.softPlus(in, true), false);
        INDArray sech2 = tanhSoftplus.mul(tanhSoftplus).rsubi(1);
        INDArray derivative = Transforms.sigmoid(in, true).muli(in).muli(sech2).addi(tanhSoftplus);
        return new Pair<>(derivative.muli(epsilon), null);
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
