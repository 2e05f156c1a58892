package org.spira.pipeline.config;

import com.typesafe.config.Config;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.spira.pipeline.config.Setting.Type;

/**
 * Settings of MLflow tracking ({@code spira.tracking}).
 *
 * @param uri the tracking server's base URI from the configuration; empty = the environment
 *     variable {@code MLFLOW_TRACKING_URI}, resolved by {@link #trackingUri(Map)}
 * @param experiment experiment name the runs are recorded in
 * @param registeredModel registered model name that trained versions go to
 * @param requestTimeout longest one artifact transfer may take
 * @param staleRunAfter how long after its last heartbeat a {@code RUNNING} run counts as killed
 */
public record TrackingConfig(
        Optional<URI> uri, String experiment, String registeredModel, Duration requestTimeout, Duration staleRunAfter) {
    public static final String URI_KEY = "spira.tracking.uri";
    public static final String URI_VARIABLE = "MLFLOW_TRACKING_URI";
    public static final Duration DEFAULT_STALE_RUN_AFTER = Duration.ofMinutes(10);

    static final Setting<TrackingConfig, Optional<URI>> TRACKING_URI = Setting.of(
                    URI_KEY,
                    Type.OPTIONAL_TEXT.<Optional<URI>>map(
                            "an http:// or https:// URI without credentials (\"\" for " + URI_VARIABLE + ")",
                            text -> text.map(t -> ServerUri.parse(URI_KEY, t)),
                            uri -> uri.map(URI::toString)),
                    Optional.empty(),
                    TrackingConfig::uri)
            .help("MLflow tracking server (http:// or https://, without credentials). \"\" = the environment"
                    + " variable " + URI_VARIABLE + ", which `bin/services env` prints for the local server. A stage"
                    + " that tracks refuses to start when neither is set.");
    static final Setting<TrackingConfig, String> EXPERIMENT = Setting.of(
                    "spira.tracking.experiment", Type.TEXT, "spira", TrackingConfig::experiment)
            .rule(name -> !name.isEmpty() && name.length() <= 500, "1 to 500 characters")
            .help("Experiment that runs are recorded in; created when missing.");
    static final Setting<TrackingConfig, String> REGISTERED_MODEL = Setting.of(
                    "spira.tracking.registered-model", Type.TEXT, "spira-conv-v2", TrackingConfig::registeredModel)
            .rule(
                    name -> name.matches("[A-Za-z0-9][A-Za-z0-9_.\\- ]{0,255}"),
                    "a name of letters, digits, '_', '-', '.' and spaces (at most 256)")
            .help("Registered model that trained versions are registered under; created when missing.");
    static final Setting<TrackingConfig, Duration> REQUEST_TIMEOUT = Setting.of(
                    "spira.tracking.request-timeout-s",
                    Type.LONG.map("a number of seconds", Duration::ofSeconds, Duration::toSeconds),
                    Duration.ofMinutes(10),
                    TrackingConfig::requestTimeout)
            .rule(timeout -> timeout.compareTo(Duration.ZERO) > 0, "seconds > 0")
            .help("Longest a single artifact upload or download through the server's proxy may take, seconds.");

    static final Setting<TrackingConfig, Duration> STALE_RUN_AFTER = Setting.of(
                    "spira.tracking.stale-run-after-s",
                    Type.LONG.map("a number of seconds", Duration::ofSeconds, Duration::toSeconds),
                    DEFAULT_STALE_RUN_AFTER,
                    TrackingConfig::staleRunAfter)
            .rule(after -> after.toSeconds() >= 10, "seconds >= 10")
            .help("A stage's open MLflow run sets its tag spira.heartbeat ten times in this many seconds. A run"
                    + " still RUNNING whose heartbeat stopped this long ago belongs to a killed process: the next"
                    + " stage that opens a run in the experiment ends it KILLED.");

    static final Settings<TrackingConfig> SETTINGS = new Settings<>(
            "spira.tracking",
            "MLflow tracking of the train and evaluate runs, and the model registry.",
            List.of(TRACKING_URI, EXPERIMENT, REGISTERED_MODEL, REQUEST_TIMEOUT, STALE_RUN_AFTER));

    public TrackingConfig {
        uri.ifPresent(u -> ServerUri.check(URI_KEY, u));
    }

    static TrackingConfig from(Config c) {
        return new TrackingConfig(
                TRACKING_URI.read(c),
                EXPERIMENT.read(c),
                REGISTERED_MODEL.read(c),
                REQUEST_TIMEOUT.read(c),
                STALE_RUN_AFTER.read(c));
    }

    /**
     * The tracking server: {@code spira.tracking.uri}, else {@code MLFLOW_TRACKING_URI} from
     * {@code environment} (read by the caller at the edge).
     *
     * @throws ConfigException when neither is set or the value is not an http(s) URI
     */
    public URI trackingUri(Map<String, String> environment) {
        if (uri.isPresent()) {
            return uri.get();
        }
        String fromEnvironment = environment.getOrDefault(URI_VARIABLE, "").strip();
        if (fromEnvironment.isEmpty()) {
            throw new ConfigException(URI_KEY + " is not set and neither is the environment variable " + URI_VARIABLE
                    + ": point one of them at the MLflow tracking server, e.g. --set " + URI_KEY
                    + "=http://127.0.0.1:5000, or for the local server run"
                    + " bin/services start mlflow && eval \"$(bin/services env)\"");
        }
        return ServerUri.check(URI_VARIABLE, ServerUri.parse(URI_VARIABLE, fromEnvironment));
    }
}
