package org.spira.model.train;

/**
 * The validation recordings' windows scored under one condition, in inference mode.
 *
 * @param condition which variants were scored
 * @param loss class-balanced binary cross-entropy: the mean BCE of the control windows and the
 *     mean BCE of the patient windows, averaged (the training weights n / (2 n_c) applied to the
 *     validation windows); probabilities clipped to [1e-5, 1 - 1e-5] as DL4J's LossBinaryXENT
 *     does; nats per window
 * @param accuracy fraction of windows whose probability is on the side of 0.5 of their label
 * @param windows windows scored
 */
public record ConditionScore(ValidationCondition condition, double loss, double accuracy, int windows) {}
