package org.spira.model;

/** A {@link ModelSpec} value is out of range; the message names the value and the fix. */
public final class InvalidModelSpecException extends ModelException {
    private static final long serialVersionUID = 1L;

    public InvalidModelSpecException(String message) {
        super(message);
    }
}
