package org.spira.model.train;

import java.time.Duration;

/**
 * What one epoch did.
 *
 * @param epoch the epoch, from 0
 * @param step minibatches trained on so far, over all epochs
 * @param learningRate the learning rate the next minibatch uses (first layer with one), or NaN
 *     if the model's updater has none
 * @param trainLoss mean over the epoch's minibatches of the loss DL4J reports for each (class-
 *     weighted binary cross-entropy per window plus any regularisation term), nats
 * @param validation the validation loss and accuracy after the epoch
 * @param best whether this epoch's validation loss is the lowest so far (its checkpoint is the best)
 * @param duration wall-clock time of training, validation and checkpointing
 */
public record EpochReport(
        int epoch,
        long step,
        double learningRate,
        double trainLoss,
        ValidationResult validation,
        boolean best,
        Duration duration) {

    /** The validation loss the best checkpoint is chosen by, nats per window. */
    public double validationLoss() {
        return validation.loss();
    }

    /** Fraction of validation windows classified correctly at threshold 0.5. */
    public double validationAccuracy() {
        return validation.accuracy();
    }
}
