package org.spira.pipeline.train;

import org.spira.model.train.EpochReport;

/** Injects a fault: throws once epoch {@code failAfter} is complete (its checkpoint saved), as a crash would. */
final class FaultInjectingObserver implements EpochListener {
    final RuntimeException injected;
    private final int failAfter;

    FaultInjectingObserver(int failAfter) {
        this.failAfter = failAfter;
        this.injected = new IllegalStateException("fault injected after epoch " + failAfter);
    }

    @Override
    public void onEpoch(EpochReport report) {
        if (report.epoch() == failAfter) {
            throw injected;
        }
    }
}
