package org.spira.features.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.dsp.FeatureSpec;

/**
 * This project on a fixed pool of threads: each worker owns one {@link RecordingFeaturizer}
 * (it is not thread-safe) and takes the next recording of the workload until none is left,
 * so a long recording never holds up the others.
 */
final class ParallelFastPathTarget implements BenchTarget {
    private final FeatureSpec spec;
    private final int threads;

    ParallelFastPathTarget(FeatureSpec spec, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + " is invalid: give at least 1");
        }
        this.spec = spec;
        this.threads = threads;
    }

    @Override
    public String name() {
        return FastPathTarget.NAME;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public RunOutput run(Workload workload) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<RunOutput>> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                workers.add(pool.submit(() -> drain(workload, next)));
            }
            RunOutput total = RunOutput.none();
            for (Future<RunOutput> worker : workers) {
                total = total.plus(worker.get());
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    private RunOutput drain(Workload workload, AtomicInteger next) {
        RecordingFeaturizer featurizer = new RecordingFeaturizer(spec);
        RunOutput total = RunOutput.none();
        for (int i = next.getAndIncrement(); i < workload.size(); i = next.getAndIncrement()) {
            total = total.plus(
                    ProjectFeaturization.fastPath(featurizer, workload.items().get(i)));
        }
        return total;
    }
}
