package org.spira.pipeline.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of MLflow tracking ({@code spira.tracking}).
 *
 * @param uri the tracking server's base URI from the configuration; empty = the environment
 *     variable {@code MLFLOW_TRACKING_URI}, resolved by {@link #trackingUri(Map)}
 * @param experiment experiment name the runs are recorded in
 * @param registeredModel registered model name that trained versions go to
 * @param requestTimeout longest one artifact transfer may take
 */
public record TrackingConfig(Optional<URI> uri, String experiment, String registeredModel, Duration requestTimeout) {
    public static final String URI_KEY = "spira.tracking.uri";
    public static final String URI_VARIABLE = "MLFLOW_TRACKING_URI";

    public TrackingConfig {
        uri.ifPresent(u -> checkServerUri(URI_KEY, u));
        if (experiment.isBlank() || experiment.length() > 500) {
            throw PipelineConfig.invalid("spira.tracking.experiment", '"' + experiment + '"', "1 to 500 characters");
        }
        if (!registeredModel.matches("[A-Za-z0-9][A-Za-z0-9_.\\- ]{0,255}")) {
            throw PipelineConfig.invalid(
                    "spira.tracking.registered-model",
                    '"' + registeredModel + '"',
                    "a name of letters, digits, '_', '-', '.' and spaces (at most 256)");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw PipelineConfig.invalid("spira.tracking.request-timeout-s", requestTimeout.toSeconds(), "seconds > 0");
        }
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
        return checkServerUri(URI_VARIABLE, parse(URI_VARIABLE, fromEnvironment));
    }

    static URI parse(String key, String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException(key + " is not a URI (" + e.getReason() + "): expected http://host:port", e);
        }
    }

    private static URI checkServerUri(String key, URI uri) {
        boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
        if (!http || uri.getHost() == null) {
            throw new ConfigException(key + " = " + uri + " is invalid: expected http://host:port or https://host");
        }
        if (uri.getUserInfo() != null) {
            // the URI shows up in logs and error messages, so it must not carry credentials
            throw new ConfigException(key + " carries credentials (user info before '@'), which would be logged:"
                    + " remove them; the tracking server is expected to need none");
        }
        return uri;
    }
}
