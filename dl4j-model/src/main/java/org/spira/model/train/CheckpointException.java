package org.spira.model.train;

/** A checkpoint could not be written, found or read; the storage error is the cause. */
public final class CheckpointException extends TrainingException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }

    public CheckpointException(String message) {
        super(message);
    }
}
