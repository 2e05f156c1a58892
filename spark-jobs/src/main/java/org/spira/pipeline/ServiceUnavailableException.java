package org.spira.pipeline;

/**
 * A service a stage needs (the object store, the MLflow tracking server) did not answer, when the
 * stage started or after it failed while running ({@link ServiceDown}); the message names the
 * service, its address and how to start it, and the stage exits with status 1.
 */
public final class ServiceUnavailableException extends PipelineException {
    private static final long serialVersionUID = 1L;

    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
