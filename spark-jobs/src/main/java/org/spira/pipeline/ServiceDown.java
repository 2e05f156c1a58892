package org.spira.pipeline;

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
