package org.spira.model.train;

import org.spira.model.ModelException;

/**
 * Root of the training core's errors: inconsistent training data (missing or duplicated windows,
 * a class without windows), a diverged run, or a checkpoint that cannot be written or read. The
 * message says what failed and what to do; the cause is always kept.
 */
public class TrainingException extends ModelException {
    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
