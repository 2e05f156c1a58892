package org.spira.pipeline.cli;

import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.spira.pipeline.ServiceDown;
import org.spira.pipeline.StageResult;
import org.spira.pipeline.tracking.Tracker;

/**
 * A stage's job, prepared before Spark starts ({@link StageCommand#prepare}) and run in the
 * stage's Spark session; closing it releases what it holds, such as the tracker.
 */
@FunctionalInterface
interface StageJob extends AutoCloseable {
    StageResult run(SparkSession spark);

    @Override
    default void close() {}

    /** A service the job needs besides the object store (its tracking server), when it does not answer now. */
    default Optional<ServiceDown> serviceDown() {
        return Optional.empty();
    }

    /** {@code job}, which records to {@code tracker}; the tracker is closed with it. */
    static StageJob tracked(Tracker tracker, Function<SparkSession, StageResult> job) {
        return new StageJob() {
            @Override
            public StageResult run(SparkSession spark) {
                return job.apply(spark);
            }

            @Override
            public Optional<ServiceDown> serviceDown() {
                return tracker.down();
            }

            @Override
            public void close() {
                tracker.close();
            }
        };
    }
}
