package org.spira.pipeline.tracking;

/**
 * The work done inside a run, given the open run; its result is returned by {@link
 * Tracker#run} or {@link Tracker#resume}.
 *
 * @param <T> the result
 * @param <E> the checked exception the work may throw ({@code RuntimeException} when none)
 */
@FunctionalInterface
public interface RunBody<T, E extends Exception> {
    T apply(TrackedRun run) throws E;
}
