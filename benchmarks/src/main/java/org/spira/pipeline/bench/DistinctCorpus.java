package org.spira.pipeline.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.spira.features.testing.MetadataCsv;

/**
 * At least {@code hours} of distinct recordings in a temporary landing folder, with a manifest:
 * the shared public recordings of one window or more (16 kHz mono PCM16), then copies of them in
 * which one sample's least significant bit is flipped (copy k flips sample k - 1), so that every
 * file has its own content hash and the pipeline featurizes it instead of deduplicating it.
 */
final class DistinctCorpus {
    private static final int WINDOW_SAMPLES = 64_000;

    final Path manifest;
    final List<byte[]> recordings;
    final double audioSeconds;

    private DistinctCorpus(Path manifest, List<byte[]> recordings, double audioSeconds) {
        this.manifest = manifest;
        this.recordings = List.copyOf(recordings);
        this.audioSeconds = audioSeconds;
    }

    static DistinctCorpus write(Path publicData, Path landing, double hours) throws IOException {
        List<Map<String, String>> rows = MetadataCsv.rows(publicData.resolve("metadata.csv"));
        StringBuilder manifest = new StringBuilder("path,subject_id,label\n");
        List<byte[]> recordings = new ArrayList<>();
        double seconds = 0;
        for (int copy = 0; seconds < hours * 3600; copy++) {
            for (Map<String, String> row : rows) {
                byte[] wav = Files.readAllBytes(publicData.resolve(row.get("path")));
                double duration = windowedDuration(row.get("path"), wav);
                if (duration == 0 || seconds >= hours * 3600) {
                    continue;
                }
                if (copy > 0) {
                    flipLeastSignificantBit(wav, copy - 1);
                }
                String path = "c" + copy + "/" + row.get("path");
                Files.createDirectories(landing.resolve(path).getParent());
                Files.write(landing.resolve(path), wav);
                String label = row.get("label").equals("respiratory") ? "patient" : "control";
                manifest.append(path)
                        .append(',')
                        .append(row.get("subject_id"))
                        .append(',')
                        .append(label)
                        .append('\n');
                recordings.add(wav);
                seconds += duration;
            }
        }
        Path file = Files.writeString(landing.resolve("manifest.csv"), manifest);
        return new DistinctCorpus(file, recordings, seconds);
    }

    /** The duration in seconds, or 0 for a recording shorter than one window (ingest rejects it). */
    private static double windowedDuration(String path, byte[] wav) throws IOException {
        try {
            AudioFileFormat format = AudioSystem.getAudioFileFormat(new java.io.ByteArrayInputStream(wav));
            long frames = format.getFrameLength();
            return frames < WINDOW_SAMPLES
                    ? 0
                    : frames / (double) format.getFormat().getFrameRate();
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(path + " is not a WAV file javax.sound can read", e);
        }
    }

    /** Flips the low bit of PCM16 sample {@code index} of the RIFF file's data chunk, in place. */
    static void flipLeastSignificantBit(byte[] wav, int index) {
        ByteBuffer riff = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        for (int chunk = 12;
                chunk + 8 <= wav.length;
                chunk += 8 + riff.getInt(chunk + 4) + (riff.getInt(chunk + 4) & 1)) {
            if (new String(wav, chunk, 4, StandardCharsets.US_ASCII).equals("data")) {
                wav[chunk + 8 + 2 * index] ^= 1;
                return;
            }
        }
        throw new IllegalArgumentException("no data chunk: not a RIFF WAV file");
    }
}
