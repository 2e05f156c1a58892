package org.spira.features.decode;

import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;

/**
 * Walks a Vorbis setup header (Vorbis I specification, section 4.2.4) far enough to check every
 * size that jorbis would allocate from without checking it: codebook lookup tables (entries x
 * dimensions values), codebook entry counts, and residue partition maps (classifications ^
 * dimensions). Declared sizes must fit in the bits actually present, and the few that need no
 * bits (ordered codebooks, residue maps) are bounded by {@link #MAX_ENTRIES}, far above what
 * real encoders use. Mappings and modes allocate only small fixed arrays and are not walked.
 */
final class VorbisSetupCheck {
    /** Largest codebook or residue partition map accepted: 2^20 entries (libvorbis uses < 2^14). */
    static final int MAX_ENTRIES = 1 << 20;

    private final VorbisBits bits;
    private int[] entries;
    private int[] dimensions;

    private VorbisSetupCheck(VorbisBits bits) {
        this.bits = bits;
    }

    /** Checks the setup packet {@code packet[offset, offset + length)}. */
    static void check(byte[] packet, int offset, int length) throws RecordingRejectedException {
        VorbisBits bits = new VorbisBits(packet, offset, length, "Vorbis setup header");
        bits.skip(7 * 8); // packet type 5 and "vorbis": checked by jorbis
        new VorbisSetupCheck(bits).walk();
    }

    private void walk() throws RecordingRejectedException {
        int books = bits.read(8) + 1;
        entries = new int[books];
        dimensions = new int[books];
        for (int i = 0; i < books; i++) {
            codebook(i);
        }
        int times = bits.read(6) + 1;
        bits.skip(16L * times);
        int floors = bits.read(6) + 1;
        for (int i = 0; i < floors; i++) {
            floor(bits.read(16));
        }
        int residues = bits.read(6) + 1;
        for (int i = 0; i < residues; i++) {
            residue(bits.read(16));
        }
    }

    private void codebook(int index) throws RecordingRejectedException {
        if (bits.read(24) != 0x564342) {
            throw malformed("codebook " + index + " has no sync pattern");
        }
        int dims = bits.read(16);
        int count = bits.read(24);
        requireAtMost(count, "codebook " + index + " entries");
        dimensions[index] = dims;
        entries[index] = count;
        if (bits.read(1) == 0) {
            unorderedLengths(count);
        } else {
            orderedLengths(count, index);
        }
        int lookup = bits.read(4);
        if (lookup == 1 || lookup == 2) {
            bits.skip(32 + 32);
            int valueBits = bits.read(4) + 1;
            bits.skip(1);
            long values = lookup == 1 ? lookup1Values(count, dims) : (long) count * dims;
            bits.skip(values * valueBits);
        } else if (lookup != 0) {
            throw malformed("codebook " + index + " has lookup type " + lookup);
        }
    }

    private void unorderedLengths(int count) throws RecordingRejectedException {
        boolean sparse = bits.read(1) == 1;
        for (int i = 0; i < count; i++) {
            if (!sparse || bits.read(1) == 1) {
                bits.skip(5);
            }
        }
    }

    private void orderedLengths(int count, int index) throws RecordingRejectedException {
        bits.skip(5);
        long current = 0;
        while (current < count) {
            current += bits.read(ilog(count - current));
            if (current > count) {
                throw malformed("codebook " + index + " ordered lengths overrun its " + count + " entries");
            }
        }
    }

    private void floor(int type) throws RecordingRejectedException {
        if (type == 0) {
            bits.skip(8 + 16 + 16 + 6 + 8);
            int books = bits.read(4) + 1;
            bits.skip(8L * books);
        } else if (type == 1) {
            floor1();
        } else {
            throw malformed("floor type " + type + " does not exist");
        }
    }

    private void floor1() throws RecordingRejectedException {
        int partitions = bits.read(5);
        int[] classes = new int[partitions];
        int maxClass = -1;
        for (int i = 0; i < partitions; i++) {
            classes[i] = bits.read(4);
            maxClass = Math.max(maxClass, classes[i]);
        }
        int[] classDimensions = new int[maxClass + 1];
        for (int i = 0; i <= maxClass; i++) {
            classDimensions[i] = bits.read(3) + 1;
            int subclasses = bits.read(2);
            bits.skip((subclasses != 0 ? 8 : 0) + 8L * (1 << subclasses));
        }
        bits.skip(2);
        int rangeBits = bits.read(4);
        for (int i = 0; i < partitions; i++) {
            bits.skip((long) classDimensions[classes[i]] * rangeBits);
        }
    }

    private void residue(int type) throws RecordingRejectedException {
        if (type > 2) {
            throw malformed("residue type " + type + " does not exist");
        }
        bits.skip(24 + 24 + 24);
        int classifications = bits.read(6) + 1;
        int classbook = bits.read(8);
        int[] cascade = new int[classifications];
        for (int i = 0; i < classifications; i++) {
            int low = bits.read(3);
            cascade[i] = bits.read(1) == 1 ? bits.read(5) * 8 + low : low;
        }
        for (int i = 0; i < classifications; i++) {
            bits.skip(8L * Integer.bitCount(cascade[i]));
        }
        if (classbook >= entries.length || dimensions[classbook] < 1) {
            throw malformed("residue classbook " + classbook + " is missing or has no dimensions");
        }
        long partitionValues = 1;
        for (int d = 0; d < dimensions[classbook]; d++) {
            partitionValues *= classifications;
            if (partitionValues > entries[classbook]) {
                throw malformed("residue partitioning needs more values than its classbook has entries");
            }
        }
        requireAtMost(partitionValues * dimensions[classbook], "residue partition map");
    }

    /** Largest r with r^dimensions <= entries (Vorbis I, 9.2.3). */
    static long lookup1Values(int entries, int dimensions) {
        if (dimensions == 0) {
            return 0;
        }
        long r = (long) Math.floor(Math.pow(entries, 1.0 / dimensions));
        while (power(r + 1, dimensions) <= entries) {
            r++;
        }
        while (r > 0 && power(r, dimensions) > entries) {
            r--;
        }
        return r;
    }

    private static long power(long base, int exponent) {
        long result = 1;
        for (int i = 0; i < exponent && result <= Integer.MAX_VALUE; i++) {
            result *= base;
        }
        return result;
    }

    private static int ilog(long value) {
        return 64 - Long.numberOfLeadingZeros(value);
    }

    private static void requireAtMost(long count, String what) throws RecordingRejectedException {
        if (count > MAX_ENTRIES) {
            throw new RecordingRejectedException(
                    RejectReason.ABSURD_SIZE,
                    "Vorbis " + what + " declares " + count + " values; at most " + MAX_ENTRIES
                            + " are accepted (real encoders use far fewer)");
        }
    }

    private static RecordingRejectedException malformed(String problem) {
        return new RecordingRejectedException(RejectReason.MALFORMED_HEADER, "Vorbis setup header: " + problem);
    }
}
