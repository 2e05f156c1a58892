package org.spira.features.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;

/**
 * Times a {@link BenchTarget}: untimed warm-up passes over a subset of the workload, repeated
 * until a minimum time has passed (at least one pass), so that the JIT has compiled the hot
 * loops at its highest tier; then {@code repetitions} timed passes over the whole workload,
 * keeping the one with the smallest wall time. On a shared machine the minimum is the pass
 * least disturbed by other processes.
 */
final class Stopwatch {
    private final int repetitions;
    private final int warmupItems;
    private final long warmupNanos;
    private double checksum;

    Stopwatch(int repetitions, int warmupItems, double warmupSeconds) {
        this.repetitions = repetitions;
        this.warmupItems = warmupItems;
        this.warmupNanos = (long) (warmupSeconds * 1e9);
    }

    /** Warms {@code target} up, then returns its best of {@code repetitions} timed passes. */
    Measurement measure(BenchTarget target, Workload workload) throws Exception {
        warmUp(target, workload.prefix(warmupItems));
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

    private void warmUp(BenchTarget target, Workload subset) throws Exception {
        long start = System.nanoTime();
        int passes = 0;
        do {
            checksum += target.run(subset).checksum();
            passes++;
        } while (System.nanoTime() - start < warmupNanos);
        Progress.log(String.format(
                Locale.ROOT,
                "  %s warm-up: %d passes in %.1f s",
                target.name(),
                passes,
                (System.nanoTime() - start) / 1e9));
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
