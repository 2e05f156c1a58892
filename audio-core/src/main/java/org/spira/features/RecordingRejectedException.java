package org.spira.features;

import java.util.Objects;

/**
 * A recording that cannot be featurized, with a stable {@link RejectReason} and a message a
 * data engineer can act on. This is bad input, not a broken system: callers turn it into a
 * rejected row, never a crashed job. Messages never contain subject identifiers.
 */
public final class RecordingRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public RecordingRejectedException(RejectReason reason, String message) {
        this(reason, message, null);
    }

    public RecordingRejectedException(RejectReason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public RejectReason reason() {
        return reason;
    }
}
