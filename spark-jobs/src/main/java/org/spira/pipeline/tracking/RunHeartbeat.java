package org.spira.pipeline.tracking;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat of an open run: its tag {@value #TAG} holds the time of the latest beat (epoch
 * milliseconds), set when the run opens and then by a daemon thread ten times per {@code
 * spira.tracking.stale-run-after-s}. It tells a run left {@code RUNNING} by a killed process
 * from one still at work ({@link Tracker#run} ends the former). A beat that fails is logged and
 * the next one tried: the stage's own calls report a server that stays unreachable.
 */
final class RunHeartbeat implements AutoCloseable {
    static final String TAG = "spira.heartbeat";
    private static final Logger LOG = LoggerFactory.getLogger(RunHeartbeat.class);

    private final ScheduledExecutorService beats;

    private RunHeartbeat(ScheduledExecutorService beats) {
        this.beats = beats;
    }

    /** Beats once now, then every tenth of {@code staleAfter}, until closed. */
    static RunHeartbeat start(MlflowApi api, String runId, Duration staleAfter) {
        beat(api, runId);
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "mlflow-run-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long period = staleAfter.toMillis() / 10;
        beats.scheduleWithFixedDelay(
                () -> {
                    try {
                        beat(api, runId);
                    } catch (RuntimeException e) {
                        LOG.warn("heartbeat of MLflow run {} failed, trying again: {}", runId, e.getMessage());
                    }
                },
                period,
                period,
                TimeUnit.MILLISECONDS);
        return new RunHeartbeat(beats);
    }

    private static void beat(MlflowApi api, String runId) {
        ObjectNode tag = MlflowApi.JSON.createObjectNode();
        tag.put("run_id", runId);
        tag.put("key", TAG);
        tag.put("value", String.valueOf(System.currentTimeMillis()));
        api.post("runs/set-tag", tag);
    }

    /** Stops the beats; the run's tag keeps the time of the last one. */
    @Override
    public void close() {
        beats.shutdownNow();
        try {
            beats.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
