package org.spira.pipeline.train;

import org.spira.pipeline.PipelineException;

/**
 * The train stage cannot run on the data it was given, or its training failed; the message says
 * what to change. Stages exit with status 1 on it.
 */
public final class TrainStageException extends PipelineException {
    private static final long serialVersionUID = 1L;

    public TrainStageException(String message) {
        super(message);
    }

    public TrainStageException(String message, Throwable cause) {
        super(message, cause);
    }
}
