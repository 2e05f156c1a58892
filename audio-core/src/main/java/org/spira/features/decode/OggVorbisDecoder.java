package org.spira.features.decode;

import com.jcraft.jogg.Packet;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;
import java.util.Arrays;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;

/**
 * Decodes Ogg Vorbis with jorbis, taking the float PCM of the synthesis directly (no 16-bit
 * quantization), averaging the channels as {@link PcmMixer} does.
 *
 * <p>The output length follows the stream's granule positions, as libvorbisfile does: samples
 * the last decoded block produces beyond the final granule position (end padding) are dropped.
 * Streams whose first granule position implies leading samples to discard are not trimmed at the
 * start. Header sizes are checked before jorbis allocates from them ({@link VorbisSetupCheck},
 * {@link #checkComment}); decoded length is capped by {@link DecodeLimits}. Other codecs in Ogg
 * (Opus, FLAC, Speex, ...) are {@link RejectReason#UNSUPPORTED_CODEC}.
 */
final class OggVorbisDecoder {
    private final DecodeLimits limits;

    OggVorbisDecoder(DecodeLimits limits) {
        this.limits = limits;
    }

    /** Decodes a file that starts with an Ogg page ("OggS"). */
    DecodedAudio decode(byte[] bytes) throws RecordingRejectedException {
        OggPacketReader packets = new OggPacketReader(bytes);
        Info info = new Info();
        info.init();
        Comment comment = new Comment();
        comment.init();
        try {
            readHeaders(packets, info, comment);
            float[] mono = synthesize(packets, info, bytes.length);
            return new DecodedAudio(info.rate, info.channels, "ogg_vorbis", mono);
        } catch (RuntimeException e) {
            throw new RecordingRejectedException(RejectReason.MALFORMED_HEADER, "Vorbis stream is corrupt: " + e, e);
        }
    }

    private void readHeaders(OggPacketReader packets, Info info, Comment comment) throws RecordingRejectedException {
        Packet packet = new Packet();
        requirePacket(packets, packet, "identification");
        requireVorbis(packet);
        headerIn(info, comment, packet, "identification");
        limits.checkSampleRate(info.rate, "Vorbis");
        limits.checkChannels(info.channels, "Vorbis");
        requirePacket(packets, packet, "comment");
        checkComment(packet);
        headerIn(info, comment, packet, "comment");
        requirePacket(packets, packet, "setup");
        VorbisSetupCheck.check(packet.packet_base, packet.packet, packet.bytes);
        headerIn(info, comment, packet, "setup");
    }

    private float[] synthesize(OggPacketReader packets, Info info, int inputBytes) throws RecordingRejectedException {
        DspState dsp = new DspState();
        dsp.synthesis_init(info);
        Block block = new Block(dsp);
        MonoAccumulator out = new MonoAccumulator(limits, info.rate, "Vorbis stream", 4L * inputBytes);
        float[][][] pcm = new float[1][][];
        int[] index = new int[info.channels];
        Packet packet = new Packet();
        while (packets.next(packet)) {
            if (block.synthesis(packet) == 0) {
                dsp.synthesis_blockin(block);
            } else if (packet.bytes > 0) {
                throw new RecordingRejectedException(
                        RejectReason.MALFORMED_HEADER,
                        "Vorbis audio packet " + packet.packetno + " could not be decoded");
            }
            int frames;
            while ((frames = dsp.synthesis_pcmout(pcm, index)) > 0) {
                mix(pcm[0], index, frames, out);
                dsp.synthesis_read(frames);
            }
        }
        out.truncate(packets.granulePosition());
        if (out.size() == 0) {
            throw new RecordingRejectedException(
                    RejectReason.TRUNCATED, "Ogg Vorbis stream ends before its first decoded sample");
        }
        return out.toArray();
    }

    private static void mix(float[][] channels, int[] index, int frames, MonoAccumulator out)
            throws RecordingRejectedException {
        int start = out.append(frames);
        float[] mono = out.buffer();
        int count = channels.length == 0 ? 0 : index.length;
        for (int i = 0; i < frames; i++) {
            double sum = 0;
            for (int c = 0; c < count; c++) {
                sum += channels[c][index[c] + i];
            }
            float value = (float) (sum / count);
            if (!Float.isFinite(value)) {
                throw new RecordingRejectedException(
                        RejectReason.NON_FINITE_SAMPLES, "Vorbis decoded a non-finite sample at frame " + (start + i));
            }
            mono[start + i] = value;
        }
    }

    private static void requirePacket(OggPacketReader packets, Packet packet, String header)
            throws RecordingRejectedException {
        if (!packets.next(packet)) {
            throw new RecordingRejectedException(
                    RejectReason.TRUNCATED, "Ogg stream ends before its Vorbis " + header + " header");
        }
    }

    private static void headerIn(Info info, Comment comment, Packet packet, String header)
            throws RecordingRejectedException {
        if (info.synthesis_headerin(comment, packet) < 0) {
            throw new RecordingRejectedException(
                    RejectReason.MALFORMED_HEADER, "Vorbis " + header + " header is invalid");
        }
    }

    /** Rejects codecs other than Vorbis from the first packet's signature. */
    private static void requireVorbis(Packet packet) throws RecordingRejectedException {
        byte[] head = Arrays.copyOfRange(packet.packet_base, packet.packet, packet.packet + Math.min(8, packet.bytes));
        if (ByteReader.startsWith(head, 1, "vorbis") && head[0] == 1) {
            return;
        }
        String codec = ByteReader.startsWith(head, 0, "OpusHead")
                ? "Opus"
                : ByteReader.startsWith(head, 1, "FLAC")
                        ? "FLAC"
                        : ByteReader.startsWith(head, 0, "Speex") ? "Speex" : "an unknown codec";
        throw new RecordingRejectedException(
                RejectReason.UNSUPPORTED_CODEC,
                "Ogg file carries " + codec + ", not Vorbis; convert it to WAV (e.g. ffmpeg -i in.ogg -c:a"
                        + " pcm_s16le out.wav) or FLAC");
    }

    /** Checks the comment header's declared lengths against its size (jorbis allocates them). */
    private static void checkComment(Packet packet) throws RecordingRejectedException {
        byte[] body = Arrays.copyOfRange(packet.packet_base, packet.packet, packet.packet + packet.bytes);
        ByteReader in = new ByteReader(body, 0, false);
        try {
            in.skip(7, "Vorbis comment header");
            in.skip(in.u32("Vorbis comment header"), "vendor string");
            long comments = in.u32("Vorbis comment header");
            in.require(4 * comments, "comment list");
            for (long i = 0; i < comments; i++) {
                in.skip(in.u32("comment length"), "comment");
            }
        } catch (RecordingRejectedException e) {
            throw new RecordingRejectedException(
                    RejectReason.MALFORMED_HEADER,
                    "Vorbis comment header declares more bytes than it holds: " + e.getMessage(),
                    e);
        }
    }
}
