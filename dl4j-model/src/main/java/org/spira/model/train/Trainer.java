package org.spira.model.train;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Trains any binary window classifier (input NCHW float32 {@code [batch, 1, frames,
 * coefficients]}, output {@code [batch, 1]} sigmoid probabilities, binary cross-entropy loss; the
 * updater and learning-rate schedule live in the network's configuration) the SPIRA way: epochs
 * of K recordings per minibatch with noisy variants rotating ({@link EpochPlan}), class-weighted
 * loss ({@link ClassWeights}, installed in the output layer as {@link ClassWeightedBinaryXent}),
 * ParallelWrapper workers, validation after every epoch, a checkpoint
 * per epoch with the best one marked, optional early stopping on the validation loss, and
 * resumption from the latest checkpoint.
 */
public final class Trainer {
    private final TrainerConfig config;
    private final CheckpointStore store;
    private final TrainingObserver observer;
    private final ParallelEpochFit epochFit;
    private final Validator validator;

    public Trainer(TrainerConfig config, WindowSource source, CheckpointStore store, TrainingObserver observer) {
        this.config = config;
        this.store = store;
        this.observer = observer;
        this.epochFit = new ParallelEpochFit(config, source);
        this.validator = new Validator(source, config.shape(), config.recordingsPerBatch());
    }

    /**
     * Trains until {@code config.epochs()} epochs are complete or, with a patience, until that
     * many epochs in a row brought no lower validation loss ({@link TrainerConfig#isDone}), starting from the store's latest
     * checkpoint if it has one, else from {@code newModel}. The best checkpoint is
     * {@link CheckpointStore#best()}.
     *
     * @param newModel an initialised network, called only when there is no checkpoint to resume
     * @param train the training recordings (their index: no MFCC values)
     * @param validation the validation recordings
     * @return the model after the last epoch, and the final trainer state
     * @throws TrainingException if the data is inconsistent, training diverges, or the checkpoint
     *     belongs to a run with another seed
     */
    public Checkpoint train(
            Supplier<MultiLayerNetwork> newModel, List<RecordingEntry> train, List<RecordingEntry> validation) {
        ClassWeights weights = ClassWeights.balanced(train);
        MinibatchAssembler assembler = new MinibatchAssembler(config.shape());
        Checkpoint current = resumeOrStart(newModel);
        ClassWeightedBinaryXent.install(current.model(), weights);
        try {
            while (!config.isDone(current.state())) {
                current = runEpoch(current, current.state().nextEpoch(), assembler, train, validation);
            }
        } finally {
            epochFit.close();
        }
        return current;
    }

    private Checkpoint runEpoch(
            Checkpoint before,
            int epoch,
            MinibatchAssembler assembler,
            List<RecordingEntry> train,
            List<RecordingEntry> validationSet) {
        long started = System.nanoTime();
        MultiLayerNetwork model = before.model();
        EpochPlan plan = EpochPlan.of(config.seed(), epoch, train, config.recordingsPerBatch());
        double trainLoss = epochFit.fit(model, plan, assembler);
        model.incrementEpochCount();
        ValidationResult validation = validator.evaluate(model, validationSet);
        if (!Double.isFinite(validation.loss())) {
            throw new TrainingException("the validation loss is " + validation.loss() + " after epoch " + epoch
                    + " (train loss " + trainLoss + "): training diverged; lower the learning rate");
        }
        TrainerState state = before.state().after(epoch, plan.size(), validation.loss());
        store.save(model, state);
        if (state.lastIsBest()) {
            store.markBest(epoch);
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        observer.onEpoch(new EpochReport(
                epoch, state.step(), learningRate(model), trainLoss, validation, state.lastIsBest(), duration));
        return new Checkpoint(model, state);
    }

    private Checkpoint resumeOrStart(Supplier<MultiLayerNetwork> newModel) {
        Optional<Checkpoint> latest = store.latest();
        if (latest.isEmpty()) {
            MultiLayerNetwork model = newModel.get();
            if (!model.isInitCalled()) {
                model.init();
            }
            return new Checkpoint(model, TrainerState.start(config.seed()));
        }
        TrainerState state = latest.get().state();
        if (state.seed() != config.seed()) {
            throw new TrainingException("the latest checkpoint belongs to a run with seed " + state.seed()
                    + " but this run has seed " + config.seed()
                    + "; resume with the same seed or start in an empty checkpoint folder");
        }
        return latest.get();
    }

    /** The rate of the first layer that has one, at the model's current iteration and epoch. */
    private static double learningRate(MultiLayerNetwork model) {
        for (int layer = 0; layer < model.getnLayers(); layer++) {
            Double rate = model.getLearningRate(layer);
            if (rate != null) {
                return rate;
            }
        }
        return Double.NaN;
    }
}
