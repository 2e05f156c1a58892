package org.spira.model;

/**
 * Base of every error raised by the model module: an invalid {@link ModelSpec}, a model file
 * that cannot be written or read, a training run that cannot go on (see
 * {@code org.spira.model.train.TrainingException}). Messages say what failed, why, and what to do.
 */
public class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
