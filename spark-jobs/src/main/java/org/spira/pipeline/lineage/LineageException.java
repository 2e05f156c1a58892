package org.spira.pipeline.lineage;

/** The lineage of a model cannot be followed: a link of the chain is missing. */
public final class LineageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LineageException(String message) {
        super(message);
    }
}
