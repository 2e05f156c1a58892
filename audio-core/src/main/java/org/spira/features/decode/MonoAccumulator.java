package org.spira.features.decode;

import java.util.Arrays;
import org.spira.features.RecordingRejectedException;

/**
 * A growable mono sample buffer for decoders whose output length is not known from the bytes
 * present (compressed streams). Growth is geometric and never beyond {@code maxFrames}; asking
 * for more is an {@link org.spira.features.RejectReason#ABSURD_SIZE} reject, so a small file
 * that expands to hours of audio cannot exhaust memory.
 */
final class MonoAccumulator {
    private static final int MIN_CAPACITY = 4096;

    private final DecodeLimits limits;
    private final int sampleRate;
    private final String container;
    private float[] samples;
    private int size;

    /**
     * @param initialCapacity first allocation, frames (a hint; clamped to the limit)
     */
    MonoAccumulator(DecodeLimits limits, int sampleRate, String container, long initialCapacity) {
        this.limits = limits;
        this.sampleRate = sampleRate;
        this.container = container;
        long capped = Math.min(limits.maxFrames(sampleRate), Math.max(MIN_CAPACITY, initialCapacity));
        this.samples = new float[(int) capped];
    }

    /** Frames appended so far. */
    int size() {
        return size;
    }

    /**
     * Makes room for {@code count} more frames and returns the index of the first; write them
     * into {@link #buffer()} (fetch it after this call: it may have been replaced).
     */
    int append(int count) throws RecordingRejectedException {
        long needed = (long) size + count;
        limits.checkFrames(needed, sampleRate, container);
        if (needed > samples.length) {
            long grown = Math.max(needed, samples.length + (samples.length >> 1));
            samples = Arrays.copyOf(samples, (int) Math.min(grown, limits.maxFrames(sampleRate)));
        }
        int start = size;
        size = (int) needed;
        return start;
    }

    float[] buffer() {
        return samples;
    }

    /** Drops frames beyond {@code frames} (used to honour a stream's end position). */
    void truncate(long frames) {
        if (frames >= 0 && frames < size) {
            size = (int) frames;
        }
    }

    /** The samples as an exactly sized array. */
    float[] toArray() {
        return samples.length == size ? samples : Arrays.copyOf(samples, size);
    }
}
