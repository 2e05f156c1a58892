package org.spira.pipeline;

/**
 * The data a stage wrote failed a data-quality gate (for example ingest's {@code
 * spira.ingest.max-rejected-fraction}): the stage finished its work, every row is accounted for,
 * but what it produced should not flow on. Stages exit with status 3 on it, and their summary
 * still reports {@link #written() what was written}.
 */
public final class QualityGateException extends PipelineException {
    private static final long serialVersionUID = 1L;

    // the gate is checked on the driver: the exception never travels to another JVM
    private final transient StageResult written;

    /**
     * @param message which gate failed, by how much, and what to do
     * @param written what the stage wrote before the gate was checked
     */
    public QualityGateException(String message, StageResult written) {
        super(message);
        this.written = written;
    }

    /** What the stage wrote: the tables, versions and counts of its summary. */
    public StageResult written() {
        return written;
    }
}
