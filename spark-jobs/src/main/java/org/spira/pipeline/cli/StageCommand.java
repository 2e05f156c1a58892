package org.spira.pipeline.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.spira.pipeline.QualityGateException;
import org.spira.pipeline.ServiceDown;
import org.spira.pipeline.StageResult;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.events.MlflowRun;
import org.spira.pipeline.events.StageEvents;
import org.spira.pipeline.lease.HeldLeases;
import org.spira.pipeline.lease.Lease.Holder;
import org.spira.pipeline.lease.TableLeases;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every stage command does around its job: it loads the configuration, checks before Spark
 * starts that the warehouse and the stage's other {@link #locations} are reachable, {@link
 * #prepare prepares} the job (what it needs besides Spark, such as the tracker), takes the writer
 * leases of the tables it writes (waiting for another run to release them, or exiting 4), runs it
 * in a Delta-enabled Spark session with OpenLineage's listener between the stage run's own lineage
 * events ({@link StageEvents}: START, then COMPLETE or FAIL), and prints the JSON summary of the
 * job's result with the run's duration. A failure is turned into its exit status ({@link ExitStatus#of}), a line on stderr and
 * a summary with the error; a failed data-quality gate's summary still reports what was written.
 * A stage that fails while running asks its services again, so that a failure caused by one that
 * went away (MinIO stopped mid-stage) names it ({@link #diagnosed}).
 */
abstract class StageCommand implements Callable<Integer> {
    @Mixin
    StageOptions options;

    @Spec
    CommandSpec spec;

    /** Locations the stage reads or writes besides the warehouse, checked before Spark starts. */
    List<String> locations(PipelineConfig config) {
        return List.of();
    }

    /** The tables the stage writes, whose writer leases it holds while it runs (none: it takes none). */
    List<String> tablesWritten() {
        return List.of();
    }

    /**
     * Prepares the job before Spark starts: checks what the configuration alone does not (a
     * subject key, the model to work on) and connects the tracker, failing fast.
     */
    abstract StageJob prepare(PipelineConfig config);

    @Override
    public final Integer call() {
        long start = System.nanoTime();
        String stage = spec.name();
        ExitStatus status;
        String summary;
        try {
            StageResult result = run(stage);
            status = ExitStatus.OK;
            summary = StageSummary.of(stage, status, result, seconds(start));
        } catch (RuntimeException e) {
            status = ExitStatus.of(e);
            report(e, status);
            summary = e instanceof QualityGateException gate
                    ? StageSummary.of(stage, status, gate.written(), seconds(start))
                    : StageSummary.failed(stage, status, e.getMessage());
        }
        out().println(summary);
        out().flush();
        return status.code();
    }

    /** Standard output, where the summary goes last. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private StageResult run(String stage) {
        PipelineConfig config = options.load();
        options.requireReachable(locations(config));
        try (StageJob job = prepare(config)) {
            try (TableLeases leases = options.leases(config.leases());
                    HeldLeases held = leases.acquire(tablesWritten(), Holder.thisProcess(stage))) {
                return runWithEvents(stage, config, job, held);
            } catch (RuntimeException e) {
                throw diagnosed(stage, config, job, e);
            }
        }
    }

    private StageResult runWithEvents(String stage, PipelineConfig config, StageJob job, HeldLeases held) {
        StageEvents events =
                StageEvents.start(config.lineageEvents(), stage, options.warehouse, StageOptions.sparkProperties());
        try {
            StageResult result = runInSession(stage, job, held, events);
            events.completed(result, mlflowRun(config, result));
            return result;
        } catch (QualityGateException gate) {
            events.failed(Optional.of(gate.written()));
            throw gate;
        } catch (RuntimeException e) {
            events.failed(Optional.empty());
            throw e;
        }
    }

    /**
     * A failure (exit 1) of a stage that ran, named after the service it needs when one of them
     * no longer answers (the object store holding its locations, or the job's tracking server):
     * the stage's own failure is then only what the service's absence caused.
     */
    private RuntimeException diagnosed(String stage, PipelineConfig config, StageJob job, RuntimeException failure) {
        if (ExitStatus.of(failure) != ExitStatus.FAILED) {
            return failure;
        }
        Optional<ServiceDown> down = options.objectStoreDown(locations(config)).or(job::serviceDown);
        return down.<RuntimeException>map(service -> service.whileRunning(stage, failure))
                .orElse(failure);
    }

    /**
     * Runs the job in the stage's Spark session. Spark and Delta, written in Scala, throw checked
     * exceptions they do not declare (S3A's IOExceptions when the object store is gone): they
     * leave here unchecked, so that every failure gets its exit status, line and summary.
     */
    private static StageResult runInSession(String stage, StageJob job, HeldLeases held, StageEvents events) {
        try (SparkSession spark = Sessions.delta("spira-" + stage, events.sparkProperties())) {
            held.runningAs(spark.sparkContext().applicationId(), () -> spark.sparkContext()
                    .cancelAllJobs());
            return job.run(spark);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw e instanceof IOException io ? new UncheckedIOException(io) : new UndeclaredThrowableException(e);
        }
    }

    /** The MLflow run {@code result} recorded, with the experiment and server it is in. */
    private static Optional<MlflowRun> mlflowRun(PipelineConfig config, StageResult result) {
        return result.mlflowRunId()
                .map(id -> new MlflowRun(
                        id, config.tracking().experiment(), config.tracking().trackingUri(System.getenv())));
    }

    private void report(RuntimeException failure, ExitStatus status) {
        PrintWriter err = spec.commandLine().getErr();
        switch (status) {
            case CONFIG_ERROR -> err.println("configuration error: " + failure.getMessage());
            case QUALITY_GATE_FAILED -> err.println("data-quality gate failed: " + failure.getMessage());
            case BUSY -> err.println("busy: " + failure.getMessage());
            default -> {
                err.println("failed: " + failure.getMessage());
                failure.printStackTrace(err);
            }
        }
        err.flush();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
