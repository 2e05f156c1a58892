package org.spira.model.io;

import org.spira.model.ModelException;

/** A model file could not be written or read; the cause is kept. */
public final class ModelFileException extends ModelException {
    private static final long serialVersionUID = 1L;

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
