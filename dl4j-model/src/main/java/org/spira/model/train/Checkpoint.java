package org.spira.model.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A saved epoch: the network with its updater state and iteration/epoch counters, and the
 * trainer's own state.
 *
 * @param model the network as it was after {@code state.epoch()}
 * @param state the trainer state after that epoch
 */
public record Checkpoint(MultiLayerNetwork model, TrainerState state) {}
