package org.spira.pipeline.tables;

import org.spira.pipeline.PipelineException;

/**
 * A stage asked for a version of a table written before an erasure ({@code forget}) deleted rows
 * from it: that version held erased subjects' rows, and its files are vacuumed once the erasure's
 * retention has passed, so no stage reads it. Stages exit with status 1 on it.
 */
public final class ErasedVersionException extends PipelineException {
    private static final long serialVersionUID = 1L;

    public ErasedVersionException(String message) {
        super(message);
    }
}
