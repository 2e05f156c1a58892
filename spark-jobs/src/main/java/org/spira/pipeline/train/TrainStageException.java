package org.spira.pipeline.train;

/** The train stage cannot run on the data it was given; the message says what to change. */
public final class TrainStageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainStageException(String message) {
        super(message);
    }

    public TrainStageException(String message, Throwable cause) {
        super(message, cause);
    }
}
