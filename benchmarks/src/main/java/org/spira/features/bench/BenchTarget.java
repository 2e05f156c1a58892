package org.spira.features.bench;

/** An implementation under measurement: featurizes a workload's recordings end to end. */
interface BenchTarget {
    /** Row label in the results table. */
    String name();

    /** Threads it runs on (the core-seconds of a run are wall seconds x threads). */
    int threads();

    /**
     * Featurizes every item of {@code workload}, in order or spread over {@link #threads()}.
     *
     * @return the windows produced and a checksum of the output, so that no work can be skipped
     */
    RunOutput run(Workload workload) throws Exception;

    /**
     * Windows produced and a value folded from every window's output.
     *
     * @param windows whole windows produced over the workload
     * @param checksum a sum over the outputs, printed so the JIT cannot discard them
     */
    record RunOutput(long windows, double checksum) {
        RunOutput plus(RunOutput other) {
            return new RunOutput(windows + other.windows, checksum + other.checksum);
        }

        static RunOutput of(float[][] windows) {
            double sum = 0;
            for (float[] window : windows) {
                sum += window[0] + window[window.length - 1];
            }
            return new RunOutput(windows.length, sum);
        }

        static RunOutput none() {
            return new RunOutput(0, 0);
        }
    }
}
