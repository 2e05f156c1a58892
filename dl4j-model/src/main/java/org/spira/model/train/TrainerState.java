package org.spira.model.train;

/**
 * What the trainer must know besides the model to continue a run: saved as a small JSON file
 * with every checkpoint.
 *
 * @param epoch the last completed epoch (from 0), -1 before the first
 * @param step minibatches trained on so far, over all epochs
 * @param bestEpoch the epoch with the lowest validation loss so far, -1 before the first
 * @param bestLoss that validation loss (class-balanced binary cross-entropy, nats per window)
 * @param seed the run's seed; a run resumes only with the same seed
 */
public record TrainerState(int epoch, long step, int bestEpoch, double bestLoss, long seed) {

    /** The state before the first epoch of a run with {@code seed}. */
    public static TrainerState start(long seed) {
        return new TrainerState(-1, 0, -1, Double.POSITIVE_INFINITY, seed);
    }

    /** The epoch the run continues with. */
    public int nextEpoch() {
        return epoch + 1;
    }

    /** The state after {@code completed} epoch of {@code minibatches} minibatches with {@code loss}. */
    public TrainerState after(int completed, int minibatches, double loss) {
        boolean better = loss < bestLoss;
        return new TrainerState(
                completed, step + minibatches, better ? completed : bestEpoch, better ? loss : bestLoss, seed);
    }

    /** Whether the last completed epoch is the best so far. */
    public boolean lastIsBest() {
        return epoch >= 0 && epoch == bestEpoch;
    }
}
