package org.spira.features.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;

/**
 * Times a {@link BenchTarget}: one untimed warm-up pass over a subset of the workload (so the
 * JIT has compiled the hot loops), then {@code repetitions} timed passes over the whole
 * workload; the pass with the smallest wall time is kept. On a shared machine the minimum is
 * the run least disturbed by other processes.
 */
final class Stopwatch {
    private final int repetitions;
    private final int warmupItems;
    private double checksum;

    Stopwatch(int repetitions, int warmupItems) {
        this.repetitions = repetitions;
        this.warmupItems = warmupItems;
    }

    /** Warms {@code target} up, then returns its best of {@code repetitions} timed passes. */
    Measurement measure(BenchTarget target, Workload workload) throws Exception {
        checksum += target.run(workload.prefix(warmupItems)).checksum();
        Measurement best = null;
        for (int pass = 1; pass <= repetitions; pass++) {
            Measurement timed = timeOnce(target, workload);
            Progress.log(String.format(
                    Locale.ROOT, "  %s pass %d/%d: %.2f s", target.name(), pass, repetitions, timed.wallSeconds()));
            if (best == null || timed.wallSeconds() < best.wallSeconds()) {
                best = timed;
            }
        }
        return best;
    }

    /** Sum of every run's checksum: printed once so that no run's output is dead code. */
    double checksum() {
        return checksum;
    }

    private Measurement timeOnce(BenchTarget target, Workload workload) throws Exception {
        long cpuStart = processCpuNanos();
        long wallStart = System.nanoTime();
        BenchTarget.RunOutput output = target.run(workload);
        long wall = System.nanoTime() - wallStart;
        long cpu = processCpuNanos() - cpuStart;
        checksum += output.checksum();
        return new Measurement(
                target.name(),
                workload.audioSeconds(),
                output.windows(),
                wall / 1e9,
                cpu / 1e9,
                target.threads(),
                Optional.empty());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
