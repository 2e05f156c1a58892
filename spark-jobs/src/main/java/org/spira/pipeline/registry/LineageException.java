package org.spira.pipeline.registry;

import org.spira.pipeline.PipelineException;

/**
 * What the train stage records for a model (its lineage tags, its model files and feature spec)
 * is missing or inconsistent for the version or run a stage was pointed at, so what the model was
 * trained from cannot be followed. The message names the version or run, what is missing, and
 * what to do. Stages exit with status 1 on it.
 */
public final class LineageException extends PipelineException {
    private static final long serialVersionUID = 1L;

    public LineageException(String message) {
        super(message);
    }
}
