package org.spira.pipeline.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spira.model.train.InMemoryWindowSource;
import org.spira.model.train.TrainingWindow;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.tracking.RunAddress;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Training placed on an executor: the feature rows of the training and validation recordings are
 * repartitioned into one partition, and a barrier stage of one task trains on them with the
 * cores and GPUs its {@link ResourceProfile} asks for (a TaskResourceProfile: with dynamic
 * allocation off, Spark 3.5 schedules it on the application's executors, in standalone, YARN and
 * Kubernetes mode).
 *
 * <p>Why this shape: the windows reach the executor through Spark's shuffle, so the driver (an edge
 * node without GPUs, in a real cluster) never holds them; the barrier stage gangs the task with
 * the resources it asks for, and Spark reruns the stage whole if its executor is lost, which then
 * resumes from the run's latest checkpoint. The task reattaches to the run the driver opened
 * ({@link RunAddress}: the server's address only; artifacts go through its proxy, so the executor
 * needs no object-store credential) and logs its metrics and checkpoints there while it trains.
 * The driver plans before, and uploads and registers the best checkpoint after.
 *
 * <p>Local mode ({@code local[N]}) schedules no task resources: there the barrier task runs in the
 * driver's JVM, without a profile, with the cores asked for; GPUs cannot be asked for.
 */
final class ExecutorTraining {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorTraining.class);

    private ExecutorTraining() {}

    /**
     * Fails fast when {@code spark}'s master cannot give the task what it asks for.
     *
     * @throws ConfigException naming {@code spira.train.gpus}
     */
    static void checkMaster(SparkSession spark, int gpus) {
        if (gpus > 0 && spark.sparkContext().isLocal()) {
            throw new ConfigException("spira.train.gpus = " + gpus + " needs a cluster master (spark://, yarn,"
                    + " k8s://) that assigns GPUs to tasks, but the master is "
                    + spark.sparkContext().master()
                    + ": submit to a GPU cluster (docs/gpu.md), or set spira.train.gpus = 0");
        }
    }

    /** Trains {@code task} on {@code rows} (feature rows of {@link FeatureWindows#COLUMNS}) on an executor. */
    static TaskOutcome run(
            SparkSession spark, Dataset<Row> rows, TrainingTask task, RunAddress run, int cores, int gpus) {
        ClassTag<TaskOutcome> tag = ClassTag$.MODULE$.apply(TaskOutcome.class);
        RDD<TaskOutcome> trained = rows.select(FeatureWindows.COLUMNS)
                .repartition(1)
                .rdd()
                .barrier()
                .mapPartitions(new OnExecutor(task, run, cores), false, tag);
        if (spark.sparkContext().isLocal()) {
            LOG.info("train: local mode schedules no task resources; the training task runs in this JVM");
        } else {
            ResourceProfile profile = profile(cores, gpus);
            LOG.info("train: the training task asks for "
                    + profile.taskResourcesJMap().values());
            trained = trained.withResources(profile);
        }
        spark.sparkContext().setJobDescription("train: SpiraConvNet in one barrier task");
        try {
            List<TaskOutcome> outcomes = trained.toJavaRDD().collect();
            return outcomes.get(0).orThrow();
        } finally {
            spark.sparkContext().setJobDescription(null);
        }
    }

    /** A task profile of {@code cores} CPUs and, when {@code gpus} > 0, that many GPUs. */
    static ResourceProfile profile(int cores, int gpus) {
        TaskResourceRequests requests = new TaskResourceRequests().cpus(cores);
        if (gpus > 0) {
            requests.resource(TaskDevices.GPU, gpus);
        }
        return new ResourceProfileBuilder().require(requests).build();
    }

    /** The barrier task: windows from the rows, the run reattached, then {@link TrainingTask#train}. */
    private static final class OnExecutor extends AbstractFunction1<Iterator<Row>, Iterator<TaskOutcome>>
            implements Serializable {
        private final TrainingTask task;
        private final RunAddress run;
        private final int cores;

        OnExecutor(TrainingTask task, RunAddress run, int cores) {
            this.task = task;
            this.run = run;
            this.cores = cores;
        }

        @Override
        public Iterator<TaskOutcome> apply(Iterator<Row> rows) {
            TaskDevices devices = TaskDevices.ofTask(TaskContext.get(), cores);
            LOG.info("train: training task on " + devices.where() + ", assigned " + cores + " core(s) and GPU"
                    + " addresses " + devices.gpus());
            TaskOutcome outcome;
            try {
                List<TrainingWindow> windows = new ArrayList<>();
                while (rows.hasNext()) {
                    windows.add(FeatureWindows.window(rows.next()));
                }
                InMemoryWindowSource source = new InMemoryWindowSource(windows);
                // a rerun of the stage (executor lost) resumes from the run's latest checkpoint
                TrainingTask attempt = TaskContext.get().stageAttemptNumber() == 0 ? task : task.rerun();
                outcome = run.attach(System.getenv(), attached -> attempt.train(attached, source, devices));
            } catch (RuntimeException e) {
                LOG.error("train: the training task failed", e);
                outcome = TaskOutcome.failed(e, devices);
            }
            return scala.collection.Iterator$.MODULE$.single(outcome);
        }
    }
}
