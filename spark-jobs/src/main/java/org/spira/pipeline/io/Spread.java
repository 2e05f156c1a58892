package org.spira.pipeline.io;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Spreads the rows of a per-recording job (each row's audio object read and decoded by a task:
 * ingest, featurize, score) over tasks by their number, not by the files they were read from. A
 * manifest or a recordings table is a file or a few, so without it a job over any number of
 * recordings ran in as many tasks (one core busy on a cluster of many; one task's output of 20
 * hours of audio, 8 GB of feature rows, in one partition).
 */
public final class Spread {
    /** Recordings per task at most: a task's audio and rows stay small however large the run. */
    static final long RECORDINGS_PER_TASK = 64;
    /** Tasks per core at least: long recordings in one task do not leave the other cores idle at the end. */
    static final int TASKS_PER_CORE = 3;

    private Spread() {}

    /** {@code rows} (there are {@code count}) over {@link #tasks} tasks of the application's cores. */
    public static Dataset<Row> overTasks(Dataset<Row> rows, long count) {
        return rows.repartition(tasks(count, rows.sparkSession().sparkContext().defaultParallelism()));
    }

    /** At least {@link #TASKS_PER_CORE} per core, at most {@link #RECORDINGS_PER_TASK} each, never more than the rows. */
    static int tasks(long count, int cores) {
        long wanted = Math.max((long) TASKS_PER_CORE * cores, (count + RECORDINGS_PER_TASK - 1) / RECORDINGS_PER_TASK);
        return (int) Math.max(1, Math.min(count, Math.min(wanted, Integer.MAX_VALUE)));
    }
}
