package org.spira.model.train;

import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Where a run's checkpoints live. One store holds one run. {@link CheckpointCodec} turns a
 * checkpoint into two blobs (model zip, state JSON), so a store for another file system only moves
 * bytes.
 *
 * <p>Contract: {@link #save} makes the checkpoint the latest only once it is completely written
 * (a crash mid-save leaves the previous latest intact); a store may delete checkpoints that are
 * neither the latest nor the best.
 */
public interface CheckpointStore {

    /**
     * Saves {@code model} (with its updater state) and {@code state} as epoch {@code state.epoch()}
     * and makes it the latest checkpoint.
     *
     * @throws CheckpointException if it cannot be written
     */
    void save(MultiLayerNetwork model, TrainerState state);

    /**
     * Marks the saved checkpoint of {@code epoch} as the best.
     *
     * @throws CheckpointException if that epoch was not saved or the mark cannot be written
     */
    void markBest(int epoch);

    /** The latest complete checkpoint, if any; a resumed run starts from it. */
    Optional<Checkpoint> latest();

    /** The checkpoint marked best, if any. */
    Optional<Checkpoint> best();
}
