package org.spira.pipeline.tracking;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.spira.pipeline.config.TrackingConfig;

/**
 * Where an open run is, as a Spark task carries it to an executor: the tracking server the driver
 * resolved, the experiment and registered model of its configuration, the transfer timeout and
 * the run's id. It holds no credential: the server needs none, and artifacts go through its proxy.
 *
 * @param server the tracking server's base URI
 * @param experiment the configured experiment
 * @param registeredModel the configured registered model
 * @param requestTimeout longest one artifact transfer may take
 * @param runId the open run
 */
public record RunAddress(URI server, String experiment, String registeredModel, Duration requestTimeout, String runId)
        implements Serializable {

    /** The address of {@code run} on {@code tracker}'s server, configured by {@code config}. */
    public static RunAddress of(Tracker tracker, TrackingConfig config, TrackedRun run) {
        return new RunAddress(
                tracker.server(), config.experiment(), config.registeredModel(), config.requestTimeout(), run.id());
    }

    /**
     * Runs {@code body} in the run, which the process that opened it (the driver) ends: see {@link
     * Tracker#attach}. Values are redacted by the secrets of {@code environment}, this process's.
     */
    public <T, E extends Exception> T attach(Map<String, String> environment, RunBody<T, E> body) throws E {
        TrackingConfig config = new TrackingConfig(
                Optional.of(server),
                experiment,
                registeredModel,
                requestTimeout,
                TrackingConfig.DEFAULT_STALE_RUN_AFTER);
        try (Tracker tracker = Tracker.connect(config, environment)) {
            return tracker.attach(runId, body);
        }
    }
}
