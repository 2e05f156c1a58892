package org.spira.features.npy;

import java.io.IOException;

/**
 * A {@code .npy} stream that this project cannot read: not NumPy's format, a format version or
 * dtype other than little-endian float32 in C order, or data that does not match the header.
 * The message says what was found and what is expected.
 */
public final class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(String message) {
        super(message);
    }

    public NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
