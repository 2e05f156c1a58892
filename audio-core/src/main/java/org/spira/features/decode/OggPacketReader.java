package org.spira.features.decode;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import com.jcraft.jogg.SyncState;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;

/**
 * Yields the packets of the single logical stream of an Ogg file, feeding jogg's sync layer in
 * small chunks from the bytes present. Any loss of data (a page failing its checksum, a gap in
 * page sequence numbers) is a {@link RejectReason#MALFORMED_HEADER} reject instead of the
 * silent skip a media player would do; a second logical stream (multiplexed or chained Ogg) is
 * {@link RejectReason#UNSUPPORTED_CODEC}. A file cut short simply ends after its last complete
 * page. Every call consumes input, so garbage cannot make it loop forever.
 */
final class OggPacketReader {
    private static final int CHUNK_BYTES = 8192;

    private final byte[] bytes;
    private final SyncState sync = new SyncState();
    private final StreamState stream = new StreamState();
    private final Page page = new Page();
    private int fed;
    private int serial;
    private boolean started;
    private boolean ended;
    private long granulePosition = -1;

    OggPacketReader(byte[] bytes) {
        this.bytes = bytes;
        sync.init();
    }

    /** Granule position (samples per channel at the end) of the last page read; -1 if none. */
    long granulePosition() {
        return granulePosition;
    }

    /** True once the end-of-stream page has been read. */
    boolean ended() {
        return ended;
    }

    /** Fills {@code packet} with the next packet; false when the stream (or the file) ends. */
    boolean next(Packet packet) throws RecordingRejectedException {
        while (true) {
            if (started) {
                int result = stream.packetout(packet);
                if (result == 1) {
                    return true;
                }
                if (result < 0) {
                    throw corrupt("an Ogg page is missing (gap in page sequence numbers)");
                }
            }
            if (ended) {
                requireNoFurtherStream();
                return false;
            }
            if (!nextPage(true)) {
                return false;
            }
            acceptPage();
        }
    }

    private void acceptPage() throws RecordingRejectedException {
        if (!started) {
            if (page.bos() == 0) {
                throw corrupt("the first Ogg page does not begin a logical stream");
            }
            serial = page.serialno();
            stream.init(serial);
            started = true;
        } else if (page.serialno() != serial) {
            throw secondStream();
        }
        if (stream.pagein(page) < 0) {
            throw corrupt("an Ogg page could not be added to its stream");
        }
        if (page.granulepos() >= 0) {
            granulePosition = page.granulepos();
        }
        ended = page.eos() != 0;
    }

    private boolean nextPage(boolean strict) throws RecordingRejectedException {
        while (true) {
            int result = sync.pageout(page);
            if (result == 1) {
                return true;
            }
            if (result < 0 && strict) {
                throw corrupt("corrupt Ogg page (checksum mismatch or lost sync) before byte " + fed);
            }
            if (fed == bytes.length) {
                requireNoLaterPage(strict);
                return false;
            }
            int count = Math.min(CHUNK_BYTES, bytes.length - fed);
            int index = sync.buffer(count);
            System.arraycopy(bytes, fed, sync.data, index, count);
            sync.wrote(count);
            fed += count;
        }
    }

    /**
     * At the end of the input, unconsumed bytes are normally the cut-off start of one page. If a
     * later page follows them, the pending page header claimed more bytes than it has: corrupt.
     */
    private void requireNoLaterPage(boolean strict) throws RecordingRejectedException {
        int pending = fed - (sync.getBufferOffset() - sync.getDataOffset());
        for (int i = pending + 1; strict && i + 4 <= bytes.length; i++) {
            if (ByteReader.startsWith(bytes, i, "OggS")) {
                throw corrupt("corrupt Ogg page header at byte " + pending + " (it claims bytes that belong to the"
                        + " page at byte " + i + ")");
            }
        }
    }

    /** Bytes after the end-of-stream page may be padding, but not another stream. */
    private void requireNoFurtherStream() throws RecordingRejectedException {
        if (nextPage(false)) {
            throw secondStream();
        }
    }

    private static RecordingRejectedException secondStream() {
        return new RecordingRejectedException(
                RejectReason.UNSUPPORTED_CODEC,
                "Ogg file holds more than one logical stream (multiplexed or chained); only single-stream"
                        + " Ogg Vorbis is decoded. Split or re-encode it as one stream.");
    }

    private static RecordingRejectedException corrupt(String problem) {
        return new RecordingRejectedException(RejectReason.MALFORMED_HEADER, problem);
    }
}
