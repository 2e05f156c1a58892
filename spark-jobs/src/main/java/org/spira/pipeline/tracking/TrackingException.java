package org.spira.pipeline.tracking;

import java.util.Optional;
import org.spira.pipeline.PipelineException;

/**
 * The MLflow tracking server or its artifact store failed or refused a request: what was asked,
 * the HTTP status and MLflow error code when there was an answer (in the message), and the cause.
 * Stages exit with status 1 on it.
 */
public final class TrackingException extends PipelineException {
    private static final long serialVersionUID = 1L;

    private final int status;

    TrackingException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    TrackingException(String message, Throwable cause) {
        this(message, 0, cause);
    }

    /** The HTTP status of the server's answer; empty when there was none (unreachable). */
    public Optional<Integer> status() {
        return status == 0 ? Optional.empty() : Optional.of(status);
    }
}
