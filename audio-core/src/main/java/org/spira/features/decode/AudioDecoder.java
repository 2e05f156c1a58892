package org.spira.features.decode;

import java.util.Objects;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;

/**
 * Decodes a whole recording held in memory to mono float samples at its own sample rate.
 *
 * <p>The container is recognised from its leading bytes only, never from a file name: {@code
 * RIFF}/{@code RIFX}/{@code RF64}/{@code BW64} (WAV), {@code fLaC} (FLAC, optionally after an
 * ID3v2 tag) and {@code OggS} (Ogg Vorbis). See {@link DecodedAudio} for the sample scale and
 * the down-mix. Every problem with the input is a {@link RecordingRejectedException} with a
 * {@link RejectReason}; memory use is bounded by the input size, and for compressed formats by
 * {@link DecodeLimits#maxDurationSeconds()}. Silence and length are not judged here; {@link
 * #probe} reads what a recording is from its header alone where it can.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AudioDecoder {
    private static final int ID3_HEADER_BYTES = 10;

    private final DecodeLimits limits;
    private final WavDecoder wav;
    private final FlacDecoder flac;
    private final OggVorbisDecoder vorbis;

    /** A decoder with {@link DecodeLimits#defaults()}. */
    public AudioDecoder() {
        this(DecodeLimits.defaults());
    }

    public AudioDecoder(DecodeLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.wav = new WavDecoder(limits);
        this.flac = new FlacDecoder(limits);
        this.vorbis = new OggVorbisDecoder(limits);
    }

    public DecodeLimits limits() {
        return limits;
    }

    /**
     * Detects the container from the magic bytes and decodes it.
     *
     * @param bytes the whole file; not modified
     * @throws RecordingRejectedException with the reason the recording cannot be used
     */
    public DecodedAudio decode(byte[] bytes) throws RecordingRejectedException {
        return switch (container(bytes)) {
            case WAV -> wav.decode(bytes);
            case OGG -> vorbis.decode(bytes);
            case FLAC -> flac.decode(bytes, flacStart(bytes));
        };
    }

    /**
     * What the recording is, judged from its container and header without decoding the samples
     * where the header gives the length: a WAV file's fmt chunk and the whole frames of its data
     * chunk, a FLAC stream's STREAMINFO. Ogg Vorbis, and FLAC of undeclared length, declare no
     * length and are decoded to measure it. {@link #decode} may still reject what this accepts
     * (damaged or non-finite sample data, a FLAC stream shorter than declared).
     *
     * @param bytes the whole file; not modified
     * @throws RecordingRejectedException when the bytes are empty, not a supported container, or
     *     its header is invalid, unsupported, outside the {@link DecodeLimits} or declares no frame
     */
    public AudioHeader probe(byte[] bytes) throws RecordingRejectedException {
        return switch (container(bytes)) {
            case WAV -> wav.probe(bytes);
            case OGG -> vorbis.decode(bytes).header();
            case FLAC -> flac.probe(bytes, flacStart(bytes));
        };
    }

    private enum Container {
        WAV,
        OGG,
        FLAC
    }

    private Container container(byte[] bytes) throws RecordingRejectedException {
        if (bytes == null || bytes.length == 0) {
            throw new RecordingRejectedException(RejectReason.EMPTY, "the recording has zero bytes");
        }
        limits.checkInputSize(bytes.length);
        if (startsWithAny(bytes, 0, "RIFF", "RIFX", "RF64", "BW64")) {
            return Container.WAV;
        }
        if (ByteReader.startsWith(bytes, 0, "OggS")) {
            return Container.OGG;
        }
        int flacStart = flacStart(bytes);
        if (ByteReader.startsWith(bytes, flacStart, "fLaC")) {
            return Container.FLAC;
        }
        throw notAudio(bytes, flacStart);
    }

    /** Where a FLAC stream would start: after an ID3v2 tag, if the file has one. */
    private static int flacStart(byte[] bytes) {
        return ByteReader.startsWith(bytes, 0, "ID3") ? afterId3(bytes) : 0;
    }

    private static boolean startsWithAny(byte[] bytes, int offset, String... ids) {
        for (String id : ids) {
            if (ByteReader.startsWith(bytes, offset, id)) {
                return true;
            }
        }
        return false;
    }

    /** Offset just past an ID3v2 tag (syncsafe size, optional footer); may exceed the length. */
    private static int afterId3(byte[] bytes) {
        if (bytes.length < ID3_HEADER_BYTES) {
            return bytes.length;
        }
        long size = 0;
        for (int i = 6; i < ID3_HEADER_BYTES; i++) {
            size = (size << 7) | (bytes[i] & 0x7F);
        }
        boolean footer = (bytes[5] & 0x10) != 0;
        long end = ID3_HEADER_BYTES + size + (footer ? ID3_HEADER_BYTES : 0);
        return (int) Math.min(end, bytes.length);
    }

    private static RecordingRejectedException notAudio(byte[] bytes, int offset) {
        if (offset > 0) {
            return new RecordingRejectedException(
                    RejectReason.UNSUPPORTED_CODEC,
                    "file starts with an ID3 tag but no FLAC stream follows it (probably MP3); convert it to WAV"
                            + " or FLAC");
        }
        return new RecordingRejectedException(
                RejectReason.NOT_AUDIO,
                "the bytes are not WAV (RIFF/RIFX/RF64), FLAC (fLaC) or Ogg (OggS) audio; the file starts with "
                        + hex(bytes));
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            text.append(String.format(java.util.Locale.ROOT, "%02x", bytes[i] & 0xFF));
        }
        return text.append(bytes.length > 8 ? "..." : "").toString();
    }
}
