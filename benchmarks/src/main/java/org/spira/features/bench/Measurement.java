package org.spira.features.bench;

import java.util.Optional;

/**
 * The best timed run of one implementation over the workload.
 *
 * @param name row label
 * @param audioSeconds audio featurized, seconds
 * @param windows whole 4 s windows produced
 * @param wallSeconds elapsed time of the best run, seconds
 * @param cpuSeconds CPU time of the whole process during that run (all its threads), seconds
 * @param threads threads the implementation ran on
 * @param fftBound name of the FFT-only row with this row's frame count, if any
 */
record Measurement(
        String name,
        double audioSeconds,
        long windows,
        double wallSeconds,
        double cpuSeconds,
        int threads,
        Optional<String> fftBound) {

    /** Core-seconds spent: wall seconds x threads. */
    double coreSeconds() {
        return wallSeconds * threads;
    }

    /** Audio seconds featurized per core-second: audio / (wall x threads). */
    double audioPerCoreSecond() {
        return audioSeconds / coreSeconds();
    }

    Measurement withFftBound(String boundRow) {
        return new Measurement(name, audioSeconds, windows, wallSeconds, cpuSeconds, threads, Optional.of(boundRow));
    }
}
