package org.spira.pipeline.registry;

import java.util.Optional;
import java.util.function.Function;

/**
 * Something the train stage records for a model, as read back for one version or run (its
 * {@link TrainingLineage}, its model files): the value, or the problem that keeps it from being
 * read (a tag missing, a file absent), naming the fix. A stage pointed at the version fails with
 * {@link #orElseThrow()}; evaluate reports a champion it cannot read as not scored, with the
 * problem as the reason.
 *
 * @param <T> the value read
 */
public final class Recorded<T> {
    private final Optional<T> value;
    private final String problem;

    private Recorded(Optional<T> value, String problem) {
        this.value = value;
        this.problem = problem;
    }

    public static <T> Recorded<T> of(T value) {
        return new Recorded<>(Optional.of(value), "");
    }

    /** @param problem what is missing or wrong, and what to do */
    public static <T> Recorded<T> missing(String problem) {
        return new Recorded<>(Optional.empty(), problem);
    }

    /** What keeps the value from being read; empty when it was read. */
    public Optional<String> problem() {
        return value.isPresent() ? Optional.empty() : Optional.of(problem);
    }

    /** The value turned into another; a problem stays as it is. */
    public <U> Recorded<U> map(Function<? super T, ? extends U> next) {
        return value.isPresent() ? of(next.apply(value.get())) : missing(problem);
    }

    /** What {@code next} reads from the value; a problem stays as it is. */
    public <U> Recorded<U> then(Function<? super T, Recorded<U>> next) {
        return value.isPresent() ? next.apply(value.get()) : missing(problem);
    }

    /**
     * The value.
     *
     * @throws LineageException with the problem when there is none
     */
    public T orElseThrow() {
        return value.orElseThrow(() -> new LineageException(problem));
    }
}
