package org.spira.features.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Times {@link BenchTarget}s: each first gets untimed warm-up passes over a subset of the
 * workload, repeated until a minimum time has passed (at least one pass), so that the JIT has
 * compiled its hot loops at the highest tier; then {@code repetitions} rounds, each timing one
 * pass of every target over the whole workload in turn, and every target keeps its pass with
 * the smallest wall time. Interleaving the rounds spreads a burst of load from other processes
 * over all targets instead of one; the minimum is the pass least disturbed by them.
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

    /** Warms every target up, then returns each one's best timed pass, in the order given. */
    List<Measurement> measure(List<BenchTarget> targets, Workload workload) throws Exception {
        for (BenchTarget target : targets) {
            warmUp(target, workload.prefix(warmupItems));
        }
        Measurement[] best = new Measurement[targets.size()];
        for (int round = 1; round <= repetitions; round++) {
            for (int i = 0; i < best.length; i++) {
                Measurement timed = timeOnce(targets.get(i), workload);
                Progress.log(String.format(
                        Locale.ROOT,
                        "  %s pass %d/%d: %.2f s",
                        label(targets.get(i)),
                        round,
                        repetitions,
                        timed.wallSeconds()));
                if (best[i] == null || timed.wallSeconds() < best[i].wallSeconds()) {
                    best[i] = timed;
                }
            }
        }
        return List.of(best);
    }

    private static String label(BenchTarget target) {
        return target.name() + " (" + target.threads() + " thread" + (target.threads() == 1 ? ")" : "s)");
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
                label(target),
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
