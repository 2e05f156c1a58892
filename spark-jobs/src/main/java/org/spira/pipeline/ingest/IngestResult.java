package org.spira.pipeline.ingest;

/**
 * The accounting of one ingest run: listed = accepted + rejected + duplicates. {@code accepted}
 * counts recordings new to the table; {@code duplicates} rows whose bytes were already accepted
 * (earlier in the manifest or by an earlier run).
 */
public record IngestResult(
        String runId,
        long listed,
        long accepted,
        long rejected,
        long duplicates,
        long recordingsVersion,
        long rejectedVersion) {

    public IngestResult {
        if (listed != accepted + rejected + duplicates || duplicates < 0) {
            throw new IllegalStateException("ingest accounting does not add up: listed " + listed + " != accepted "
                    + accepted + " + rejected " + rejected + " + duplicates " + duplicates);
        }
    }

    /** Whether the rejected share exceeds {@code maxRejectedFraction} (the data-quality gate). */
    public boolean failsGate(double maxRejectedFraction) {
        return listed > 0 && rejected > maxRejectedFraction * listed;
    }
}
