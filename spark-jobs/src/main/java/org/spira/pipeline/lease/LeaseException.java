package org.spira.pipeline.lease;

import org.spira.pipeline.PipelineException;

/**
 * A writer lease could not be read or written (the store failed, or a lease object is not one
 * this code wrote), or a running stage lost its lease (broken, or taken over after it expired).
 * The message says which table and what to do. Stages exit with status 1 on it.
 */
public final class LeaseException extends PipelineException {
    private static final long serialVersionUID = 1L;

    LeaseException(String message) {
        super(message);
    }

    LeaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
