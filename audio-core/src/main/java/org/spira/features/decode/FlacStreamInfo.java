package org.spira.features.decode;

import java.util.Arrays;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;

/**
 * The STREAMINFO block of a native FLAC stream, read and validated here rather than by jflac so
 * that every declared metadata length is checked against the bytes present before anything is
 * allocated (jflac would allocate picture and comment blocks at their declared sizes).
 *
 * @param minBlockSize smallest frame, samples per channel
 * @param maxBlockSize largest frame, samples per channel
 * @param sampleRate Hz
 * @param channels 1-8
 * @param bitsPerSample 4-24 (jflac decodes no wider samples)
 * @param totalSamples samples per channel, 0 if unknown
 * @param block the 34 raw STREAMINFO bytes
 * @param framesOffset byte offset of the first audio frame in the input
 */
record FlacStreamInfo(
        int minBlockSize,
        int maxBlockSize,
        int sampleRate,
        int channels,
        int bitsPerSample,
        long totalSamples,
        byte[] block,
        int framesOffset) {
    static final int BLOCK_BYTES = 34;
    private static final int TYPE_STREAMINFO = 0;
    private static final int TYPE_INVALID = 127;

    /** Reads the metadata of a FLAC stream whose "fLaC" marker starts at {@code start}. */
    static FlacStreamInfo read(byte[] bytes, int start, DecodeLimits limits) throws RecordingRejectedException {
        ByteReader in = new ByteReader(bytes, start + 4, true);
        int header = in.u8("FLAC STREAMINFO header");
        int length = in.u8("FLAC STREAMINFO header") << 16 | in.u16("FLAC STREAMINFO header");
        if ((header & 0x7F) != TYPE_STREAMINFO || length != BLOCK_BYTES) {
            throw malformed("FLAC stream does not start with a 34-byte STREAMINFO block (type " + (header & 0x7F) + ", "
                    + length + " bytes)");
        }
        in.require(BLOCK_BYTES, "FLAC STREAMINFO block");
        int blockStart = in.position();
        byte[] block = Arrays.copyOfRange(bytes, blockStart, blockStart + BLOCK_BYTES);
        int minBlock = in.u16("FLAC STREAMINFO block");
        int maxBlock = in.u16("FLAC STREAMINFO block");
        in.skip(6, "FLAC STREAMINFO block"); // min and max frame bytes: hints only
        long packed = in.u32("FLAC STREAMINFO block") << 32 | in.u32("FLAC STREAMINFO block");
        in.skip(16, "FLAC STREAMINFO block"); // MD5 of the decoded audio
        boolean last = (header & 0x80) != 0;
        int framesOffset = last ? in.position() : skipOtherBlocks(in);
        FlacStreamInfo info = new FlacStreamInfo(
                minBlock,
                maxBlock,
                (int) (packed >>> 44),
                (int) ((packed >>> 41) & 0x7) + 1,
                (int) ((packed >>> 36) & 0x1F) + 1,
                packed & 0xF_FFFF_FFFFL,
                block,
                framesOffset);
        info.validate(limits);
        return info;
    }

    private static int skipOtherBlocks(ByteReader in) throws RecordingRejectedException {
        boolean last = false;
        while (!last) {
            int header = in.u8("FLAC metadata block header");
            int length = in.u8("FLAC metadata block header") << 16 | in.u16("FLAC metadata block header");
            if ((header & 0x7F) == TYPE_INVALID || (header & 0x7F) == TYPE_STREAMINFO) {
                throw malformed("FLAC metadata block of type " + (header & 0x7F) + " is not allowed here");
            }
            in.skip(length, "FLAC metadata block");
            last = (header & 0x80) != 0;
        }
        return in.position();
    }

    private void validate(DecodeLimits limits) throws RecordingRejectedException {
        limits.checkSampleRate(sampleRate, "FLAC");
        limits.checkChannels(channels, "FLAC");
        if (bitsPerSample < 4) {
            throw malformed("FLAC STREAMINFO declares " + bitsPerSample + " bits per sample; the minimum is 4");
        }
        if (bitsPerSample > 24) {
            throw new RecordingRejectedException(
                    RejectReason.UNSUPPORTED_CODEC,
                    "FLAC with " + bitsPerSample + " bits per sample is not decoded (at most 24); re-encode with"
                            + " flac --bps=24 or convert to WAV");
        }
        if (minBlockSize < 16 || maxBlockSize < minBlockSize) {
            throw malformed("FLAC STREAMINFO block sizes " + minBlockSize + "-" + maxBlockSize
                    + " are invalid (need 16 <= min <= max)");
        }
    }

    private static RecordingRejectedException malformed(String message) {
        return new RecordingRejectedException(RejectReason.MALFORMED_HEADER, message);
    }
}
