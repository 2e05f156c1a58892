package org.spira.model.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.parallelism.ParallelWrapper;

/** Trains a model on one epoch's minibatches with ParallelWrapper; see {@link SeededParallelWrapper}. */
final class ParallelEpochFit {
    private final TrainerConfig config;
    private final WindowSource source;

    ParallelEpochFit(TrainerConfig config, WindowSource source) {
        this.config = config;
        this.source = source;
    }

    /**
     * Fits {@code model} on every minibatch of {@code plan}, in place.
     *
     * @return the mean minibatch loss of the epoch
     * @throws TrainingException if a worker or the window source fails (cause kept)
     */
    double fit(MultiLayerNetwork model, EpochPlan plan, MinibatchAssembler assembler) {
        MinibatchLosses losses = new MinibatchLosses();
        ParallelWrapper wrapper = new SeededParallelWrapper(model, config, losses);
        try {
            wrapper.fit(new EpochIterator(plan, source, assembler));
        } catch (RuntimeException e) {
            throw new TrainingException("training epoch " + plan.epoch() + " failed: " + e.getMessage(), e);
        } finally {
            wrapper.shutdown();
        }
        if (losses.count() != plan.size()) {
            throw new TrainingException("epoch " + plan.epoch() + " planned " + plan.size() + " minibatches but "
                    + losses.count() + " were trained; check the window source and the worker logs");
        }
        return losses.mean();
    }
}
