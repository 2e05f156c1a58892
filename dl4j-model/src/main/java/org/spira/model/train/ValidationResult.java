package org.spira.model.train;

import java.util.List;
import java.util.Optional;

/**
 * Validation after one epoch: the clean condition always, the noisy-controls condition when the
 * validation controls have noisy variants. The best checkpoint is chosen by {@link #loss()}.
 *
 * @param conditions the conditions scored, clean first
 */
public record ValidationResult(List<ConditionScore> conditions) {
    public ValidationResult {
        conditions = List.copyOf(conditions);
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("a validation result needs at least the clean condition");
        }
    }

    /** The mean of the conditions' losses, nats per window. */
    public double loss() {
        return conditions.stream().mapToDouble(ConditionScore::loss).average().orElseThrow();
    }

    /** The mean of the conditions' window accuracies. */
    public double accuracy() {
        return conditions.stream()
                .mapToDouble(ConditionScore::accuracy)
                .average()
                .orElseThrow();
    }

    /** The score under {@code condition}, if it was scored. */
    public Optional<ConditionScore> condition(ValidationCondition condition) {
        return conditions.stream().filter(c -> c.condition() == condition).findFirst();
    }
}
