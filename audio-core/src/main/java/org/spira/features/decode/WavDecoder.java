package org.spira.features.decode;

import java.util.Locale;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;

/**
 * Decodes RIFF WAVE (little-endian), RIFX (big-endian) and RF64/BW64 files.
 *
 * <p>Chunks are walked in any order; unknown chunks (LIST, fact, cue, bext, JUNK, ...) are
 * skipped with their pad byte. Only bytes actually present are ever read or allocated for:
 *
 * <ul>
 *   <li>The RIFF size is not used to locate anything (it is often wrong or a placeholder).
 *   <li>A data size of 0xFFFFFFFF (or 0 followed by something that is not a chunk header) is a
 *       streaming placeholder: the data runs to the end of the file.
 *   <li>A data size beyond the end of the file means the file was cut short: the whole frames
 *       present are decoded (as libsndfile does), a trailing partial frame is dropped, and a
 *       file with no whole frame is {@link RejectReason#TRUNCATED}.
 * </ul>
 */
final class WavDecoder {
    private static final long PLACEHOLDER = 0xFFFF_FFFFL;

    private final DecodeLimits limits;

    WavDecoder(DecodeLimits limits) {
        this.limits = limits;
    }

    /** Where the walk found the format and the audio bytes. */
    private static final class Layout {
        boolean bigEndian;
        WavFormat format;
        int dataOffset = -1;
        long dataBytes;
        long ds64DataBytes = -1;

        /** Whole sample frames in the data chunk. */
        long frames() {
            return dataBytes / format.blockAlign();
        }
    }

    /** Decodes a file that starts with RIFF, RIFX, RF64 or BW64. */
    DecodedAudio decode(byte[] bytes) throws RecordingRejectedException {
        Layout layout = layout(bytes);
        float[] mono =
                PcmMixer.toMono(bytes, layout.dataOffset, (int) layout.frames(), layout.format, layout.bigEndian);
        return new DecodedAudio(
                layout.format.sampleRate(),
                layout.format.channels(),
                layout.format.encoding().code(),
                mono);
    }

    /** The header of a file that starts with RIFF, RIFX, RF64 or BW64, its samples left undecoded. */
    AudioHeader probe(byte[] bytes) throws RecordingRejectedException {
        Layout layout = layout(bytes);
        WavFormat format = layout.format;
        return new AudioHeader(format.encoding().code(), format.sampleRate(), format.channels(), layout.frames());
    }

    /** The fmt and data chunks, validated, with at least one whole frame within the limits. */
    private Layout layout(byte[] bytes) throws RecordingRejectedException {
        boolean bigEndian = ByteReader.startsWith(bytes, 0, "RIFX");
        boolean rf64 = ByteReader.startsWith(bytes, 0, "RF64") || ByteReader.startsWith(bytes, 0, "BW64");
        ByteReader in = new ByteReader(bytes, 0, bigEndian);
        in.require(12, "RIFF header");
        String container = in.fourCc("RIFF header");
        long riffSize = in.u32("RIFF header");
        String form = in.fourCc("RIFF header");
        if (!form.equals("WAVE")) {
            throw new RecordingRejectedException(
                    RejectReason.NOT_AUDIO, container + " file of form '" + printable(form) + "' is not WAVE audio");
        }
        Layout layout = walkChunks(bytes, in, rf64);
        layout.bigEndian = bigEndian;
        requireChunks(layout, riffSize, bytes.length);
        requireFrames(layout);
        return layout;
    }

    private Layout walkChunks(byte[] bytes, ByteReader in, boolean rf64) throws RecordingRejectedException {
        Layout layout = new Layout();
        while (in.remaining() >= 8) {
            String id = in.fourCc("chunk header");
            long size = in.u32("chunk header");
            int body = in.position();
            if (id.equals("data")) {
                if (readData(bytes, layout, size, body, rf64, in.bigEndian())) {
                    break;
                }
            } else if (id.equals("fmt ")) {
                requireFirst(layout.format == null, "fmt");
                layout.format = WavFormat.parse(in, size, limits);
            } else if (size > in.remaining()) {
                if (layout.format != null && layout.dataOffset >= 0) {
                    break; // trailing metadata cut short: the audio is complete
                }
                throw chunkPastEnd(id, size, in.remaining());
            } else if (id.equals("ds64") && rf64) {
                layout.ds64DataBytes = readDs64(in, size);
            }
            long next = body + size + (size & 1);
            if (next >= bytes.length) {
                break;
            }
            in.seek((int) next);
        }
        return layout;
    }

    /** Records the data chunk; returns true if it runs to the end of the file. */
    private static boolean readData(byte[] bytes, Layout layout, long size, int body, boolean rf64, boolean bigEndian)
            throws RecordingRejectedException {
        requireFirst(layout.dataOffset < 0, "data");
        long available = bytes.length - body;
        long declared = size;
        if (rf64 && size == PLACEHOLDER && layout.ds64DataBytes >= 0) {
            declared = layout.ds64DataBytes;
        } else if (size == PLACEHOLDER || (size == 0 && available > 0 && !looksLikeChunk(bytes, body, bigEndian))) {
            declared = available;
        }
        layout.dataOffset = body;
        layout.dataBytes = Math.min(declared, available);
        return declared >= available || layout.format != null;
    }

    private static long readDs64(ByteReader in, long size) throws RecordingRejectedException {
        if (size < 24) {
            throw new RecordingRejectedException(
                    RejectReason.MALFORMED_HEADER, "RF64 ds64 chunk is " + size + " bytes; it needs at least 24");
        }
        in.u64("ds64 chunk"); // RIFF size: not needed, as for RIFF
        return in.u64("ds64 chunk");
    }

    private void requireChunks(Layout layout, long riffSize, int fileBytes) throws RecordingRejectedException {
        if (layout.format != null && layout.dataOffset >= 0) {
            return;
        }
        String missing = layout.format == null ? "fmt" : "data";
        boolean cutShort = riffSize != PLACEHOLDER && riffSize + 8 > fileBytes;
        throw new RecordingRejectedException(
                cutShort ? RejectReason.TRUNCATED : RejectReason.MALFORMED_HEADER,
                String.format(
                        Locale.ROOT,
                        "WAV file has no %s chunk%s",
                        missing,
                        cutShort
                                ? " before its end (" + fileBytes + " of " + (riffSize + 8) + " declared bytes present)"
                                : ""));
    }

    private void requireFrames(Layout layout) throws RecordingRejectedException {
        if (layout.frames() == 0) {
            throw new RecordingRejectedException(
                    RejectReason.TRUNCATED,
                    "WAV data chunk holds " + layout.dataBytes + " bytes, less than one " + layout.format.blockAlign()
                            + "-byte sample frame");
        }
        limits.checkFrames(layout.frames(), layout.format.sampleRate(), "WAV data chunk");
    }

    private RecordingRejectedException chunkPastEnd(String id, long size, long available) {
        boolean absurd = size > limits.maxInputBytes();
        return new RecordingRejectedException(
                absurd ? RejectReason.ABSURD_SIZE : RejectReason.TRUNCATED,
                String.format(
                        Locale.ROOT,
                        "WAV chunk '%s' declares %d bytes but only %d remain%s",
                        printable(id),
                        size,
                        available,
                        absurd ? ", more than any accepted input" : ": the file was cut short"));
    }

    private static void requireFirst(boolean first, String chunk) throws RecordingRejectedException {
        if (!first) {
            throw new RecordingRejectedException(
                    RejectReason.MALFORMED_HEADER, "WAV file has more than one " + chunk + " chunk");
        }
    }

    /** A plausible chunk header: four printable ASCII bytes and a size that fits the file. */
    private static boolean looksLikeChunk(byte[] bytes, int offset, boolean bigEndian) {
        if (bytes.length - offset < 8) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (bytes[offset + i] < 0x20 || bytes[offset + i] > 0x7E) {
                return false;
            }
        }
        long size = 0;
        for (int i = 0; i < 4; i++) {
            int shift = bigEndian ? 8 * (3 - i) : 8 * i;
            size |= (bytes[offset + 4 + i] & 0xFFL) << shift;
        }
        return size <= bytes.length - offset - 8L;
    }

    private static String printable(String id) {
        return id.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
