package org.spira.pipeline.tracking;

import java.util.Optional;

/**
 * The MLflow tracking server or its artifact store failed or refused a request: what was asked,
 * the HTTP status and MLflow error code when there was an answer, and the cause.
 */
public final class TrackingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;

    TrackingException(String message, int status, String errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    TrackingException(String message, Throwable cause) {
        this(message, 0, "", cause);
    }

    /** The HTTP status of the server's answer; empty when there was none (unreachable). */
    public Optional<Integer> status() {
        return status == 0 ? Optional.empty() : Optional.of(status);
    }

    /** MLflow's error code (e.g. {@code RESOURCE_DOES_NOT_EXIST}); empty when there was none. */
    public String errorCode() {
        return errorCode;
    }

    boolean is(String code) {
        return errorCode.equals(code);
    }
}
