package org.spira.model.train;

/**
 * Derives independent 64-bit seeds from a base seed and counters (epoch, iteration, worker) with
 * SplitMix64's finaliser, so that nearby inputs give unrelated seeds and every derived seed is a
 * pure function of its inputs.
 */
final class SeedMix {
    private SeedMix() {}

    /** A seed mixed from {@code base} and each of {@code parts}, in order. */
    static long of(long base, long... parts) {
        long state = mix(base);
        for (long part : parts) {
            state = mix(state ^ mix(part + 0x9E3779B97F4A7C15L));
        }
        return state;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
