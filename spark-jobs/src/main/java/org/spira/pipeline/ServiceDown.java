package org.spira.pipeline;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Optional;

/**
 * A service a stage needs that did not answer one request: the object store holding its {@code
 * s3a://} locations, or the MLflow tracking server. A stage asks before it starts (and fails with
 * {@link #beforeStart()}, having written nothing), and again when it fails while running, so that
 * a failure caused by a service that went away names the service ({@link #whileRunning}).
 *
 * @param service the service and its address, e.g. "the object store at http://127.0.0.1:9000
 *     (spark.hadoop.fs.s3a.endpoint)"
 * @param fix how to start it, e.g. "start it (the local MinIO: bin/services start minio)"
 * @param cause the request's failure
 */
public record ServiceDown(String service, String fix, Exception cause) {
    /**
     * The service, when {@code request} to it gets no answer from {@code http}; any answer, even a
     * refusal (a proxy in front of it may refuse), is a service that is up.
     *
     * @throws ServiceUnavailableException when the thread is interrupted while it waits
     */
    public static Optional<ServiceDown> ask(String service, String fix, HttpClient http, HttpRequest request) {
        try {
            http.send(request, BodyHandlers.discarding());
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(new ServiceDown(service, fix, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while reaching " + service, e);
        }
    }

    /** The failure of a stage that found the service down before any Spark work. */
    public ServiceUnavailableException beforeStart() {
        return new ServiceUnavailableException(
                service + " does not answer (" + cause + "): " + fix + " and rerun; nothing was written", cause);
    }

    /**
     * The failure of {@code stage}, which failed with {@code failure} while it ran and found the
     * service down afterwards: the service is named first, the stage's own failure is the cause.
     */
    public ServiceUnavailableException whileRunning(String stage, RuntimeException failure) {
        return new ServiceUnavailableException(
                service + " stopped answering while " + stage + " ran (" + cause + "): " + fix + " and run " + stage
                        + " again; what this run committed stays, and docs/operations.md says what the rerun"
                        + " completes",
                failure);
    }
}
