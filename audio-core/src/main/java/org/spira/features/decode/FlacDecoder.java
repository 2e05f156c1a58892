package org.spira.features.decode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Locale;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.FrameListener;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;

/**
 * Decodes native FLAC with jflac, frame by frame, straight from the decoded integers (no 16-bit
 * byte round trip): sample = x / 2^(bits-1), channels averaged as in {@link PcmMixer}.
 *
 * <p>jflac is fed only STREAMINFO and the audio frames (other metadata is validated and skipped
 * by {@link FlacStreamInfo}). It recovers from damage silently (a frame failing its CRC comes
 * out as zeros, an undecodable frame is skipped), so this class watches for both and for gaps
 * in the frame sample numbers, and rejects such streams.
 *
 * <p>A stream that ends before the sample count its STREAMINFO declares is
 * {@link RejectReason#TRUNCATED}, unlike a WAV cut short: a damaged final frame can make jflac
 * read to the end of the input, which looks exactly like a cut, so the complete frames present
 * cannot be trusted to be all there is. Only a stream with an unknown length (count 0) decodes to
 * its complete frames. Decoded length is capped by {@link DecodeLimits}.
 */
final class FlacDecoder {
    /** Compressed FLAC rarely expands more than this; beyond it the buffer grows on demand. */
    private static final int INITIAL_EXPANSION = 4;

    private final DecodeLimits limits;

    FlacDecoder(DecodeLimits limits) {
        this.limits = limits;
    }

    /** Counts frames jflac zeroed because their CRC-16 did not match. */
    private static final class CrcErrors implements FrameListener {
        int count;

        @Override
        public void processMetadata(Metadata metadata) {}

        @Override
        public void processFrame(Frame frame) {}

        @Override
        public void processError(String message) {
            if (message.startsWith("CRC Error")) {
                count++;
            }
        }
    }

    /**
     * The header of the FLAC stream whose "fLaC" marker is at byte {@code start}: STREAMINFO, and
     * the length it declares, which is checked against the limits but not against the frames
     * present. A stream of unknown length (a count of 0) is decoded to measure it.
     */
    AudioHeader probe(byte[] bytes, int start) throws RecordingRejectedException {
        FlacStreamInfo info = FlacStreamInfo.read(bytes, start, limits);
        if (info.totalSamples() == 0) {
            return decode(bytes, start).header();
        }
        if (info.framesOffset() >= bytes.length) {
            throw new RecordingRejectedException(
                    RejectReason.TRUNCATED, "FLAC stream ends after its metadata, before any audio frame");
        }
        limits.checkFrames(info.totalSamples(), info.sampleRate(), "FLAC stream");
        return new AudioHeader("flac", info.sampleRate(), info.channels(), info.totalSamples());
    }

    /** Decodes the FLAC stream whose "fLaC" marker is at byte {@code start}. */
    DecodedAudio decode(byte[] bytes, int start) throws RecordingRejectedException {
        FlacStreamInfo info = FlacStreamInfo.read(bytes, start, limits);
        long hint = Math.min(
                info.totalSamples() > 0 ? info.totalSamples() : Long.MAX_VALUE,
                (long) INITIAL_EXPANSION * (bytes.length - info.framesOffset()));
        MonoAccumulator out = new MonoAccumulator(limits, info.sampleRate(), "FLAC stream", hint);
        try {
            FLACDecoder decoder = new FLACDecoder(framesOnly(bytes, info));
            CrcErrors errors = new CrcErrors();
            decoder.addFrameListener(errors);
            decoder.readMetadata();
            decodeFrames(
                    decoder, info, errors, out, 8L + FlacStreamInfo.BLOCK_BYTES + bytes.length - info.framesOffset());
        } catch (IOException | RuntimeException e) {
            throw new RecordingRejectedException(
                    RejectReason.MALFORMED_HEADER,
                    "FLAC stream is corrupt at sample " + out.size() + ": " + e.getMessage(),
                    e);
        }
        if (out.size() == 0) {
            throw new RecordingRejectedException(
                    RejectReason.TRUNCATED, "FLAC stream ends before its first complete audio frame");
        }
        if (out.size() < info.totalSamples()) {
            throw new RecordingRejectedException(
                    RejectReason.TRUNCATED,
                    String.format(
                            Locale.ROOT,
                            "FLAC stream ends after %d of the %d samples its STREAMINFO declares: the file is"
                                    + " cut short or its last frame is damaged",
                            out.size(),
                            info.totalSamples()));
        }
        return new DecodedAudio(info.sampleRate(), info.channels(), "flac", out.toArray());
    }

    private void decodeFrames(
            FLACDecoder decoder, FlacStreamInfo info, CrcErrors errors, MonoAccumulator out, long streamBytes)
            throws IOException, RecordingRejectedException {
        long consumed = decoder.getTotalBytesRead();
        while (info.totalSamples() == 0 || out.size() < info.totalSamples()) {
            Frame frame = decoder.readNextFrame();
            requireIntact(decoder, errors, out.size());
            if (frame == null) {
                requireCutInLastFrame(info, streamBytes, consumed, out.size());
                return;
            }
            requireConsistent(frame, info, out.size());
            mix(frame, decoder.getChannelData(), info.bitsPerSample(), out);
            consumed = decoder.getTotalBytesRead();
        }
    }

    /**
     * A stream cut short ends inside one frame. If more undecodable bytes remain than any frame
     * can hold, a damaged frame made jflac read on to the end of the input: that is corruption,
     * not truncation. (jflac counts consumed bits in an int, so the check covers inputs below
     * 256 MiB; larger ones are rare enough to go without it.)
     */
    private static void requireCutInLastFrame(FlacStreamInfo info, long streamBytes, long consumed, int position)
            throws RecordingRejectedException {
        long leftover = streamBytes - consumed;
        long maxFrameBytes =
                32 + (long) info.channels() * (2 + (long) info.maxBlockSize() * (info.bitsPerSample() + 1) / 8);
        boolean countable = streamBytes < Integer.MAX_VALUE / 8;
        if (countable && leftover > maxFrameBytes) {
            throw new RecordingRejectedException(
                    RejectReason.MALFORMED_HEADER,
                    String.format(
                            Locale.ROOT,
                            "FLAC stream is corrupt after sample %d: %d bytes follow that decode to no frame, more"
                                    + " than one frame can hold (%d)",
                            position,
                            leftover,
                            maxFrameBytes));
        }
    }

    private static void mix(Frame frame, ChannelData[] data, int bits, MonoAccumulator out)
            throws RecordingRejectedException {
        int frames = frame.header.blockSize;
        int channels = frame.header.channels;
        double scale = 1.0 / (1L << (bits - 1));
        int start = out.append(frames);
        float[] mono = out.buffer();
        for (int i = 0; i < frames; i++) {
            long sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += data[c].getOutput()[i];
            }
            mono[start + i] = (float) (sum * scale / channels);
        }
    }

    private static void requireIntact(FLACDecoder decoder, CrcErrors errors, int position)
            throws RecordingRejectedException {
        if (errors.count > 0 || decoder.getBadFrames() > 0) {
            throw new RecordingRejectedException(
                    RejectReason.MALFORMED_HEADER,
                    String.format(
                            Locale.ROOT,
                            "FLAC frame after sample %d is corrupt (%d failed CRC, %d undecodable): the audio"
                                    + " data is damaged; re-export the recording",
                            position,
                            errors.count,
                            decoder.getBadFrames()));
        }
    }

    private static void requireConsistent(Frame frame, FlacStreamInfo info, int position)
            throws RecordingRejectedException {
        String problem = null;
        if (frame.header.channels != info.channels()) {
            problem = frame.header.channels + " channels instead of " + info.channels();
        } else if (frame.header.bitsPerSample != info.bitsPerSample()) {
            problem = frame.header.bitsPerSample + " bits per sample instead of " + info.bitsPerSample();
        } else if (frame.header.sampleNumber != position) {
            problem = "starts at sample " + frame.header.sampleNumber + ", so frames are missing";
        }
        if (problem != null) {
            throw new RecordingRejectedException(
                    RejectReason.MALFORMED_HEADER, "FLAC frame at sample " + position + " has " + problem);
        }
    }

    /** "fLaC", the STREAMINFO block flagged as the last metadata block, then the frames. */
    private static InputStream framesOnly(byte[] bytes, FlacStreamInfo info) {
        byte[] head = new byte[8 + FlacStreamInfo.BLOCK_BYTES];
        head[0] = 'f';
        head[1] = 'L';
        head[2] = 'a';
        head[3] = 'C';
        head[4] = (byte) 0x80;
        head[7] = FlacStreamInfo.BLOCK_BYTES;
        System.arraycopy(info.block(), 0, head, 8, FlacStreamInfo.BLOCK_BYTES);
        return new SequenceInputStream(
                new ByteArrayInputStream(head),
                new ByteArrayInputStream(bytes, info.framesOffset(), bytes.length - info.framesOffset()));
    }
}
