package org.spira.pipeline.config;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spira.pipeline.ServiceDown;

/**
 * Checks, before any Spark session starts, that a stage which touches an {@code s3a://} location
 * can reach it: an S3A endpoint is configured, the environment variables it refers to are set,
 * and so are the credentials that the AWS SDK's environment provider reads ({@link #require});
 * then that the endpoint answers ({@link #requireAnswering}). Messages name the setting, variable
 * or address and the fix, never a value of a credential.
 *
 * @param spark the Spark configuration spark-submit passed ({@code spark.*} keys)
 * @param environment the driver's environment variables
 */
public record ObjectStoreCheck(Map<String, String> spark, Map<String, String> environment) {
    public static final String ENDPOINT = "spark.hadoop.fs.s3a.endpoint";
    public static final String PROVIDER = "spark.hadoop.fs.s3a.aws.credentials.provider";
    public static final String SSL = "spark.hadoop.fs.s3a.connection.ssl.enabled";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final String ENVIRONMENT_PROVIDER = "EnvironmentVariableCredentialsProvider";
    private static final String FIX =
            "pass --properties-file conf/spark-defaults.conf and export SPIRA_S3_ENDPOINT, AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY (for the local MinIO: eval \"$(bin/services env)\")";
    /** Hadoop's {@code ${env.NAME}} and {@code ${env.NAME:-default}} references. */
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env\\.([A-Za-z_][A-Za-z0-9_]*)(:?-[^}]*)?}");

    public ObjectStoreCheck {
        spark = Map.copyOf(spark);
        environment = Map.copyOf(environment);
    }

    /**
     * Passes when none of {@code locations} is an {@code s3a://} URI, or when S3A is configured.
     *
     * @param locations URIs the stage reads or writes (blank ones are ignored)
     * @throws ConfigException naming what is missing and how to set it
     */
    public void require(List<String> locations) {
        List<String> s3a = s3a(locations);
        if (s3a.isEmpty()) {
            return;
        }
        String endpoint = spark.getOrDefault(ENDPOINT, "").strip();
        if (endpoint.isEmpty()) {
            throw new ConfigException(s3a.get(0) + " needs an S3 endpoint, but " + ENDPOINT + " is not set: " + FIX);
        }
        List<String> missing = unsetReferences(endpoint);
        if (spark.getOrDefault(PROVIDER, "").contains(ENVIRONMENT_PROVIDER)) {
            missing.addAll(unsetCredentials());
        }
        if (!missing.isEmpty()) {
            throw new ConfigException(s3a.get(0) + " needs the environment variable(s) " + missing + " ("
                    + ENDPOINT + " = " + endpoint + ", " + PROVIDER + " = " + spark.getOrDefault(PROVIDER, "")
                    + "), which are not set: " + FIX);
        }
    }

    /**
     * {@link #require}, then {@link #down}: a stage started while the object store is down stops
     * before Spark starts and writes nothing.
     *
     * @throws org.spira.pipeline.ServiceUnavailableException naming the endpoint and how to start the local MinIO
     */
    public void requireAnswering(List<String> locations) {
        require(locations);
        Optional<ServiceDown> down = down(locations);
        if (down.isPresent()) {
            throw down.get().beforeStart();
        }
    }

    /**
     * The object store, when one of {@code locations} is an {@code s3a://} URI and one HTTP request
     * to the S3A endpoint gets no answer within 5 seconds; any answer, even a refusal, is an
     * object store that is up. Needs the settings {@link #require} checks.
     */
    public Optional<ServiceDown> down(List<String> locations) {
        if (s3a(locations).isEmpty()) {
            return Optional.empty();
        }
        URI endpoint = endpoint();
        return ServiceDown.ask(
                "the object store at " + endpoint + " (" + ENDPOINT + ")",
                "start it (the local MinIO: bin/services start minio)",
                HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build(),
                HttpRequest.newBuilder(endpoint).timeout(PROBE_TIMEOUT).GET().build());
    }

    /**
     * The address S3A connects to: {@value #ENDPOINT} with its {@code ${env.NAME}} references
     * resolved, and the scheme {@value #SSL} implies (S3A's default: https) when it names none.
     */
    URI endpoint() {
        Matcher reference =
                ENV_REFERENCE.matcher(spark.getOrDefault(ENDPOINT, "").strip());
        StringBuilder resolved = new StringBuilder();
        while (reference.find()) {
            String fallback =
                    reference.group(2) == null ? "" : reference.group(2).replaceFirst("^:?-", "");
            String value = environment.getOrDefault(reference.group(1), "");
            String chosen = value.isEmpty() && reference.group(2) != null ? fallback : value;
            reference.appendReplacement(resolved, Matcher.quoteReplacement(chosen));
        }
        reference.appendTail(resolved);
        String address = resolved.toString();
        if (!address.contains("://")) {
            boolean ssl =
                    !"false".equalsIgnoreCase(spark.getOrDefault(SSL, "true").strip());
            address = (ssl ? "https://" : "http://") + address;
        }
        return URI.create(address);
    }

    private static List<String> s3a(List<String> locations) {
        return locations.stream()
                .filter(uri -> uri.toLowerCase(Locale.ROOT).startsWith("s3a://"))
                .toList();
    }

    /** Variables referenced without a default that are unset or empty. */
    private List<String> unsetReferences(String value) {
        List<String> unset = new ArrayList<>();
        Matcher reference = ENV_REFERENCE.matcher(value);
        while (reference.find()) {
            if (reference.group(2) == null && isUnset(reference.group(1))) {
                unset.add(reference.group(1));
            }
        }
        return unset;
    }

    /** The AWS SDK v1 environment provider accepts either spelling of each variable. */
    private List<String> unsetCredentials() {
        List<String> unset = new ArrayList<>();
        if (isUnset("AWS_ACCESS_KEY_ID") && isUnset("AWS_ACCESS_KEY")) {
            unset.add("AWS_ACCESS_KEY_ID");
        }
        if (isUnset("AWS_SECRET_ACCESS_KEY") && isUnset("AWS_SECRET_KEY")) {
            unset.add("AWS_SECRET_ACCESS_KEY");
        }
        return unset;
    }

    private boolean isUnset(String variable) {
        return environment.getOrDefault(variable, "").isBlank();
    }
}
