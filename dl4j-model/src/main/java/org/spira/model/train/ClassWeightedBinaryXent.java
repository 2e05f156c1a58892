package org.spira.model.train;

import java.util.Objects;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Binary cross-entropy with a weight per class, for a single sigmoid output per window:
 * L_i = -w_(y_i) * (y_i log p_i + (1 - y_i) log(1 - p_i)), averaged over the m windows of a
 * minibatch, p clipped to [1e-5, 1 - 1e-5] as DL4J's {@code LossBinaryXENT} does. With weight 1
 * for both classes it equals {@code LossBinaryXENT}.
 *
 * <p>Why not DL4J's label mask: in DL4J 1.0.0-M2.1 the output layer multiplies its pre-activation
 * by the label mask as well as the loss, so a non-binary mask changes the predicted probability
 * instead of only weighting the loss; and {@code LossBinaryXENT}'s own weights are per output
 * column, not per class.
 */
public final class ClassWeightedBinaryXent implements ILossFunction {
    private static final long serialVersionUID = 1L;
    private static final double CLIP = 1e-5;

    @JsonProperty("controlWeight")
    private final double controlWeight;

    @JsonProperty("patientWeight")
    private final double patientWeight;

    @JsonCreator
    public ClassWeightedBinaryXent(
            @JsonProperty("controlWeight") double controlWeight, @JsonProperty("patientWeight") double patientWeight) {
        this.controlWeight = controlWeight;
        this.patientWeight = patientWeight;
    }

    /**
     * Makes {@code model}'s output layer use this loss with {@code weights}; the layer keeps its
     * activation, which must be a sigmoid over one output.
     *
     * @throws TrainingException if the last layer is not an output layer with one output
     */
    public static void install(MultiLayerNetwork model, ClassWeights weights) {
        Object layer = model.getOutputLayer().conf().getLayer();
        if (!(layer instanceof BaseOutputLayer output) || output.getNOut() != 1) {
            throw new TrainingException(
                    "the network's last layer is " + layer.getClass().getSimpleName()
                            + "; the trainer needs an output layer with one sigmoid output per window");
        }
        output.setLossFn(new ClassWeightedBinaryXent(weights.control(), weights.patient()));
    }

    @Override
    public double computeScore(
            INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        double sum =
                scoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? sum / preOutput.size(0) : sum;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return scoreArray(labels, preOutput, activationFn, mask).sum(true, 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray y = labels.castTo(preOutput.dataType());
        INDArray p = probabilities(preOutput, activationFn);
        INDArray dLda = p.sub(y).divi(p.mul(p.rsub(1)));
        INDArray grad = activationFn.backprop(preOutput.dup(), dLda).getFirst();
        grad.muli(weights(y));
        if (mask != null) {
            LossUtil.applyMask(grad, mask);
        }
        return grad;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(
            INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        return new Pair<>(
                computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "ClassWeightedBinaryXent";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClassWeightedBinaryXent o
                && o.controlWeight == controlWeight
                && o.patientWeight == patientWeight;
    }

    @Override
    public int hashCode() {
        return Objects.hash(controlWeight, patientWeight);
    }

    @Override
    public String toString() {
        return name() + "(control " + controlWeight + ", patient " + patientWeight + ")";
    }

    /** Per-window loss, [m, 1]. */
    private INDArray scoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray y = labels.castTo(preOutput.dataType());
        INDArray p = probabilities(preOutput, activationFn);
        INDArray logLikelihood = Transforms.log(p, true)
                .muli(y)
                .addi(Transforms.log(p.rsub(1), false).muli(y.rsub(1)));
        INDArray score = logLikelihood.negi().muli(weights(y));
        if (mask != null) {
            LossUtil.applyMask(score, mask);
        }
        return score;
    }

    private INDArray weights(INDArray y) {
        return y.mul(patientWeight - controlWeight).addi(controlWeight);
    }

    private static INDArray probabilities(INDArray preOutput, IActivation activationFn) {
        INDArray p = activationFn.getActivation(preOutput.dup(), true);
        return Transforms.min(Transforms.max(p, CLIP, false), 1 - CLIP, false);
    }
}
