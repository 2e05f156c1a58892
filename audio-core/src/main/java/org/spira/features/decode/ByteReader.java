package org.spira.features.decode;

import java.nio.charset.StandardCharsets;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;

/**
 * A bounds-checked cursor over a byte array, little- or big-endian. Every read checks the bytes
 * actually present; reading past the end is a {@link RejectReason#TRUNCATED} reject naming
 * what was being read, never an index exception.
 */
final class ByteReader {
    private final byte[] bytes;
    private final boolean bigEndian;
    private int position;

    ByteReader(byte[] bytes, int position, boolean bigEndian) {
        this.bytes = bytes;
        this.position = position;
        this.bigEndian = bigEndian;
    }

    int position() {
        return position;
    }

    int remaining() {
        return bytes.length - position;
    }

    boolean bigEndian() {
        return bigEndian;
    }

    /** Moves to absolute byte {@code newPosition} (0 to length). */
    void seek(int newPosition) {
        if (newPosition < 0 || newPosition > bytes.length) {
            throw new IllegalArgumentException("position " + newPosition + " outside 0.." + bytes.length);
        }
        position = newPosition;
    }

    /** Throws {@link RejectReason#TRUNCATED} unless {@code count} more bytes are present. */
    void require(long count, String what) throws RecordingRejectedException {
        if (count > remaining()) {
            throw new RecordingRejectedException(
                    RejectReason.TRUNCATED,
                    "file ends inside the " + what + " at byte " + position + ": " + count + " bytes needed, "
                            + remaining() + " present");
        }
    }

    void skip(long count, String what) throws RecordingRejectedException {
        require(count, what);
        position += (int) count;
    }

    int u8(String what) throws RecordingRejectedException {
        require(1, what);
        return bytes[position++] & 0xFF;
    }

    int u16(String what) throws RecordingRejectedException {
        require(2, what);
        int a = bytes[position] & 0xFF;
        int b = bytes[position + 1] & 0xFF;
        position += 2;
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    long u32(String what) throws RecordingRejectedException {
        require(4, what);
        long value = 0;
        for (int i = 0; i < 4; i++) {
            int shift = bigEndian ? 8 * (3 - i) : 8 * i;
            value |= (long) (bytes[position + i] & 0xFF) << shift;
        }
        position += 4;
        return value;
    }

    /** Unsigned 64-bit value; values above {@link Long#MAX_VALUE} are returned as MAX_VALUE. */
    long u64(String what) throws RecordingRejectedException {
        long low = u32(what);
        long high = u32(what);
        if (bigEndian) {
            long swap = low;
            low = high;
            high = swap;
        }
        return high >= 0x8000_0000L ? Long.MAX_VALUE : (high << 32) | low;
    }

    /** Four ASCII bytes, e.g. a RIFF chunk id; non-printable bytes come out as replacement chars. */
    String fourCc(String what) throws RecordingRejectedException {
        require(4, what);
        String id = new String(bytes, position, 4, StandardCharsets.US_ASCII);
        position += 4;
        return id;
    }

    /** True if the four bytes at {@code position} spell {@code id} (ASCII), without moving. */
    boolean startsWith(String id) {
        return startsWith(bytes, position, id);
    }

    static boolean startsWith(byte[] bytes, int offset, String id) {
        if (offset < 0 || bytes.length - offset < id.length()) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (bytes[offset + i] != (byte) id.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
