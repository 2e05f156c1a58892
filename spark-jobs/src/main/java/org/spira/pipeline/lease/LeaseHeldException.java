package org.spira.pipeline.lease;

import org.spira.pipeline.PipelineException;

/**
 * Another run holds the lease of a table this stage writes, and did not release it within
 * {@code spira.leases.wait-seconds}. Nothing was written; the message names the holder, when its
 * lease expires, and the command that breaks it. Stages exit with status 4 on it.
 */
public final class LeaseHeldException extends PipelineException {
    private static final long serialVersionUID = 1L;

    LeaseHeldException(String message) {
        super(message);
    }
}
