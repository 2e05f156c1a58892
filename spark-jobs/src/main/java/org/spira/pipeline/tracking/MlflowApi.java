package org.spira.pipeline.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.spira.pipeline.ServiceDown;

/**
 * The tracking server's HTTP surface, with every failure turned into a {@link TrackingException}:
 * the MLflow client's typed calls, JSON requests through its public {@code send*} methods for the
 * REST endpoints it has no method for, and {@code java.net.http} for what it cannot send at all
 * (HTTP DELETE, the artifact proxy's streamed bodies).
 */
final class MlflowApi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String REST = "/api/2.0/mlflow/";
    static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(30);

    private final MlflowClient client;
    private final HttpClient http;
    private final URI server;
    private final Duration timeout;

    MlflowApi(MlflowClient client, HttpClient http, URI server, Duration timeout) {
        this.client = client;
        this.http = http;
        this.server = server;
        this.timeout = timeout;
    }

    URI server() {
        return server;
    }

    /** The server, when one GET of its {@code /health} gets no answer ({@link ServiceDown#ask}). */
    Optional<ServiceDown> down() {
        return ServiceDown.ask(
                "the MLflow tracking server at " + server,
                "start it (bin/services start mlflow)",
                http,
                request("/health", "").timeout(HEALTH_TIMEOUT).GET().build());
    }

    /** A typed call on the MLflow client; {@code what} names it in errors. */
    <T> T call(String what, Function<MlflowClient, T> call) {
        try {
            return call.apply(client);
        } catch (MlflowHttpException e) {
            throw refused(what, Refusal.of(e.getStatusCode(), e.getBodyMessage()), e);
        } catch (MlflowClientException e) {
            throw unreachable(what, e);
        }
    }

    /**
     * {@link #call}, except that a refusal {@code expected} accepts (an answer the caller expects,
     * such as {@link Refusal#ALREADY_EXISTS}) is an empty result rather than an error.
     */
    <T> Optional<T> callUnless(String what, Predicate<Refusal> expected, Function<MlflowClient, T> call) {
        try {
            return Optional.of(call.apply(client));
        } catch (MlflowHttpException e) {
            Refusal refusal = Refusal.of(e.getStatusCode(), e.getBodyMessage());
            if (expected.test(refusal)) {
                return Optional.empty();
            }
            throw refused(what, refusal, e);
        } catch (MlflowClientException e) {
            throw unreachable(what, e);
        }
    }

    /** POST to {@code /api/2.0/mlflow/<endpoint>}. */
    JsonNode post(String endpoint, ObjectNode body) {
        return parse(endpoint, call("POST " + endpoint, c -> c.sendPost(endpoint, body.toString())));
    }

    /** {@link #post}, or empty when the server refuses it with a refusal {@code expected} accepts. */
    Optional<JsonNode> postUnless(String endpoint, ObjectNode body, Predicate<Refusal> expected) {
        return callUnless("POST " + endpoint, expected, c -> c.sendPost(endpoint, body.toString()))
                .map(answer -> parse(endpoint, answer));
    }

    /** GET {@code /api/2.0/mlflow/<endpoint>?<query>}. */
    JsonNode get(String endpoint, Map<String, String> query) {
        String path = endpoint + "?" + query(query);
        return parse(endpoint, call("GET " + endpoint, c -> c.sendGet(path)));
    }

    /** {@link #get}, or empty when the server refuses it with a refusal {@code expected} accepts. */
    Optional<JsonNode> getUnless(String endpoint, Map<String, String> query, Predicate<Refusal> expected) {
        String path = endpoint + "?" + query(query);
        return callUnless("GET " + endpoint, expected, c -> c.sendGet(path)).map(answer -> parse(endpoint, answer));
    }

    /** DELETE {@code /api/2.0/mlflow/<endpoint>} with a JSON body (the client has no DELETE). */
    JsonNode delete(String endpoint, ObjectNode body) {
        HttpRequest request = request(REST + endpoint, "")
                .header("Content-Type", "application/json")
                .method("DELETE", BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<InputStream> response = send("DELETE " + endpoint, request);
        return parse(endpoint, readBody("DELETE " + endpoint, response));
    }

    /** A request to the artifact proxy; {@code path} is below {@value #ARTIFACTS}, unencoded. */
    HttpResponse<InputStream> artifacts(String what, String method, String path, String query, BodyPublisher body) {
        HttpRequest request =
                request(ARTIFACTS + path, query).method(method, body).build();
        HttpResponse<InputStream> response = send(what, request);
        if (response.statusCode() / 100 != 2) {
            readBody(what, response); // throws with the server's error
        }
        return response;
    }

    /** The body of a successful response as text; a refusal as a {@link TrackingException}. */
    String readBody(String what, HttpResponse<InputStream> response) {
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TrackingException(what + " failed: the answer from " + server + " broke off", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw refused(what, Refusal.of(response.statusCode(), body), null);
        }
        return body;
    }

    private HttpRequest.Builder request(String path, String query) {
        try {
            // the path is quoted by URI; the query arrives encoded (URI would quote its '%' again)
            URI uri =
                    new URI(server.getScheme(), server.getAuthority(), stripSlash(server.getPath()) + path, null, null);
            String full = uri.toASCIIString() + (query.isEmpty() ? "" : "?" + query);
            return HttpRequest.newBuilder(URI.create(full)).timeout(timeout);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid artifact path: " + path, e);
        }
    }

    private HttpResponse<InputStream> send(String what, HttpRequest request) {
        try {
            return http.send(request, BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new TrackingException(what + " failed: no answer from the MLflow server at " + server, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackingException(what + " was interrupted", e);
        }
    }

    private JsonNode parse(String what, String body) {
        try {
            return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new TrackingException(what + ": the MLflow server's answer is not JSON", e);
        }
    }

    private TrackingException refused(String what, Refusal refusal, Throwable cause) {
        return new TrackingException(
                what + " refused by " + server + ": HTTP " + refusal.status()
                        + (refusal.code().isEmpty() ? "" : " " + refusal.code()) + ": " + abbreviate(refusal.message()),
                refusal.status(),
                cause);
    }

    private TrackingException unreachable(String what, MlflowClientException e) {
        return new TrackingException(
                what + " failed: cannot reach the MLflow tracking server at " + server
                        + " (is it running? bin/services start mlflow): " + e.getMessage(),
                e);
    }

    static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String stripSlash(String path) {
        return path == null ? "" : path.replaceAll("/+$", "");
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    @Override
    public void close() {
        client.close();
    }
}
