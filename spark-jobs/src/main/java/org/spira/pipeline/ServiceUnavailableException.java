package org.spira.pipeline;

/**
 * A service a stage needs (the object store holding the warehouse) did not answer when the stage
 * started; the message names the service, its address and how to start it, and the stage exits
 * with status 1 before any Spark work, having written nothing.
 */
public final class ServiceUnavailableException extends PipelineException {
    private static final long serialVersionUID = 1L;

    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
