package org.spira.pipeline.tracking;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import org.spira.pipeline.MinioTestClient;
import org.spira.pipeline.config.TrackingConfig;

/**
 * The real MLflow tracking server and MinIO that {@code bin/test} starts ({@code bin/services
 * start minio mlflow}, then {@code eval "$(bin/services env)"}). Tests using it are skipped when
 * {@code MLFLOW_TRACKING_URI} is not set. Each fixture has its own experiment and registered
 * model, so test classes never see each other's runs. Its readers ({@link #rest}, {@link
 * #objects}) share no code with the adapter under test: plain HTTP and the AWS SDK.
 */
public final class MlflowServerFixture {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final Map<String, String> environment;
    public final TrackingConfig config;
    public final URI server;

    private MlflowServerFixture(Map<String, String> environment, TrackingConfig config) {
        this.environment = environment;
        this.config = config;
        this.server = config.trackingUri(environment);
    }

    /** The fixture for a test class, or a skipped test when no server is configured. */
    public static MlflowServerFixture require(String prefix) {
        Map<String, String> environment = System.getenv();
        assumeTrue(
                !environment.getOrDefault(TrackingConfig.URI_VARIABLE, "").isBlank(),
                "MLFLOW_TRACKING_URI is not set: run bin/services start minio mlflow && eval \"$(bin/services env)\"");
        String unique = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new MlflowServerFixture(
                environment,
                new TrackingConfig(
                        Optional.empty(),
                        unique,
                        unique + "-model",
                        Duration.ofSeconds(120),
                        TrackingConfig.DEFAULT_STALE_RUN_AFTER));
    }

    public Tracker tracker() {
        return Tracker.connect(config, environment);
    }

    /** GET {@code /api/2.0/mlflow/<endpoint>?query} as JSON, read with plain HTTP. */
    public JsonNode rest(String endpoint, Map<String, String> query) throws IOException, InterruptedException {
        StringJoiner parameters = new StringJoiner("&");
        query.forEach((key, value) -> parameters.add(key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        URI uri = URI.create(server + "/api/2.0/mlflow/" + endpoint + "?" + parameters);
        return new ObjectMapper()
                .readTree(HTTP.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString())
                        .body());
    }

    /** POST {@code /api/2.0/mlflow/<endpoint>} with a JSON body, answered as JSON, with plain HTTP. */
    public JsonNode post(String endpoint, String json) throws IOException, InterruptedException {
        URI uri = URI.create(server + "/api/2.0/mlflow/" + endpoint);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return new ObjectMapper()
                .readTree(HTTP.send(request, BodyHandlers.ofString()).body());
    }

    /**
     * The bytes of artifact {@code path} of the run whose artifact root is {@code artifactUri}
     * ({@code mlflow-artifacts:/<experiment>/<run>/artifacts}), through the server's artifact
     * proxy with plain HTTP.
     */
    public byte[] artifact(String artifactUri, String path) throws IOException, InterruptedException {
        String root = artifactUri.replaceFirst("^mlflow-artifacts:/*", "");
        URI uri = URI.create(server + "/api/2.0/mlflow-artifacts/artifacts/" + root + "/" + path);
        var response = HTTP.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** The run as {@code runs/get} returns it. */
    public JsonNode run(String runId) throws IOException, InterruptedException {
        return rest("runs/get", Map.of("run_id", runId)).path("run");
    }

    /**
     * Objects in the server's artifact destination ({@code SPIRA_MLFLOW_ARTIFACTS}) below
     * {@code relative}, listed from MinIO with the AWS SDK: key below {@code relative} to size
     * in bytes.
     */
    public Map<String, Long> objects(String relative) {
        URI destination = URI.create(environment.getOrDefault("SPIRA_MLFLOW_ARTIFACTS", "s3://spira-mlflow/artifacts"));
        String prefix = destination.getPath().replaceFirst("^/", "") + "/" + relative + "/";
        AmazonS3 s3 = MinioTestClient.connect(environment);
        Map<String, Long> objects = new TreeMap<>();
        ListObjectsV2Request request =
                new ListObjectsV2Request().withBucketName(destination.getHost()).withPrefix(prefix);
        ListObjectsV2Result page;
        do {
            page = s3.listObjectsV2(request);
            for (S3ObjectSummary object : page.getObjectSummaries()) {
                objects.put(object.getKey().substring(prefix.length()), object.getSize());
            }
            request.setContinuationToken(page.getNextContinuationToken());
        } while (page.isTruncated());
        s3.shutdown();
        return objects;
    }
}
