package org.spira.features.decode;

import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;

/**
 * Least-significant-bit-first reader over one Vorbis packet, as the Vorbis I bitpacking
 * convention defines it. Reading past the packet is a {@link RejectReason#MALFORMED_HEADER}
 * reject, so every declared count can be checked against the bits actually present.
 */
final class VorbisBits {
    private final byte[] bytes;
    private final long end;
    private final String what;
    private long position;

    VorbisBits(byte[] bytes, int offset, int length, String what) {
        this.bytes = bytes;
        this.position = 8L * offset;
        this.end = 8L * (offset + (long) length);
        this.what = what;
    }

    /** Reads an unsigned value of {@code count} bits (0-31). */
    int read(int count) throws RecordingRejectedException {
        require(count);
        int value = 0;
        for (int i = 0; i < count; i++) {
            long bit = position + i;
            value |= ((bytes[(int) (bit >>> 3)] >> (int) (bit & 7)) & 1) << i;
        }
        position += count;
        return value;
    }

    void skip(long count) throws RecordingRejectedException {
        require(count);
        position += count;
    }

    private void require(long count) throws RecordingRejectedException {
        if (count < 0 || count > end - position) {
            throw new RecordingRejectedException(
                    RejectReason.MALFORMED_HEADER,
                    what + " needs " + count + " more bits at bit " + position + " but the packet ends at bit " + end);
        }
    }
}
