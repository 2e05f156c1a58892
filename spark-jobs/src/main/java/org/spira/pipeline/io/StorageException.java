package org.spira.pipeline.io;

import org.spira.pipeline.PipelineException;

/**
 * A file or object a stage reads or writes could not be (the warehouse's audio copies, the
 * lineage audio list, a local work or staging folder); the message names it and what to check,
 * and the storage error is the cause. Stages exit with status 1 on it.
 */
public final class StorageException extends PipelineException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
