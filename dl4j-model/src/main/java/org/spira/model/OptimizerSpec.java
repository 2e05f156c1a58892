package org.spira.model;

import java.io.Serializable;

/**
 * Adam with coupled weight decay on a Noam schedule (SPIRA.md section 6).
 *
 * @param learningRate base learning rate, the peak of the Noam schedule (1e-3)
 * @param beta1 first-moment decay, in [0, 1) (0.9)
 * @param beta2 second-moment decay, in [0, 1) (0.999)
 * @param epsilon denominator term, > 0 (1e-8)
 * @param weightDecay coupled L2 coefficient, >= 0 (0.01): {@code weightDecay * param} is added
 *     to the gradient of every parameter before Adam, as {@code torch.optim.Adam(weight_decay)}
 * @param warmupSteps Noam warmup w, in updates (1000): the learning rate peaks at update w
 */
public record OptimizerSpec(
        double learningRate, double beta1, double beta2, double epsilon, double weightDecay, int warmupSteps)
        implements Serializable {

    public OptimizerSpec {
        ModelSpec.require(
                learningRate > 0 && Double.isFinite(learningRate),
                "learningRate = %s must be finite and > 0 (the paper uses 1e-3)",
                learningRate);
        ModelSpec.require(beta1 >= 0 && beta1 < 1, "beta1 = %s must be in [0, 1) (Adam's default 0.9)", beta1);
        ModelSpec.require(beta2 >= 0 && beta2 < 1, "beta2 = %s must be in [0, 1) (Adam's default 0.999)", beta2);
        ModelSpec.require(
                epsilon > 0 && Double.isFinite(epsilon), "epsilon = %s must be finite and > 0 (1e-8)", epsilon);
        ModelSpec.require(
                weightDecay >= 0 && Double.isFinite(weightDecay),
                "weightDecay = %s must be finite and >= 0 (the paper uses 0.01)",
                weightDecay);
        ModelSpec.require(warmupSteps >= 1, "warmupSteps = %d must be >= 1 (the paper uses 1000)", warmupSteps);
    }

    /** The paper's optimizer: Adam(1e-3, 0.9, 0.999, 1e-8), weight decay 0.01, warmup 1000. */
    public static OptimizerSpec paper() {
        return new OptimizerSpec(1e-3, 0.9, 0.999, 1e-8, 0.01, 1000);
    }

    /** This optimizer with another base learning rate and Noam warmup. */
    public OptimizerSpec withSchedule(double baseLearningRate, int warmup) {
        return new OptimizerSpec(baseLearningRate, beta1, beta2, epsilon, weightDecay, warmup);
    }

    /** The Noam schedule of this optimizer's learning rate. */
    public NoamSchedule schedule() {
        return new NoamSchedule(learningRate, warmupSteps);
    }
}
