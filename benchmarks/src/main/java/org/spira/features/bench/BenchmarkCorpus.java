package org.spira.features.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Reads the shared public corpus (metadata.csv and its WAV files) into memory. */
final class BenchmarkCorpus {
    private static final String METADATA = "metadata.csv";

    private BenchmarkCorpus() {}

    /** Every file listed in {@code dataDir/metadata.csv}, in listing order, bytes preloaded. */
    static List<CorpusFile> load(Path dataDir) throws IOException {
        List<CorpusFile> files = new ArrayList<>();
        for (String path : listedPaths(dataDir.resolve(METADATA))) {
            byte[] wav = Files.readAllBytes(dataDir.resolve(path));
            files.add(new CorpusFile(path, wav, durationSeconds(path, wav)));
        }
        return List.copyOf(files);
    }

    private static List<String> listedPaths(Path metadata) throws IOException {
        List<String> lines = Files.readAllLines(metadata, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).startsWith("path,")) {
            throw new IOException(metadata + " does not start with a 'path' column: is this the shared public data?");
        }
        return lines.subList(1, lines.size()).stream()
                .filter(line -> !line.isBlank())
                .map(line -> line.substring(0, line.indexOf(',')))
                .toList();
    }

    private static double durationSeconds(String path, byte[] wav) {
        try {
            AudioFileFormat format = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(wav));
            return format.getFrameLength() / (double) format.getFormat().getFrameRate();
        } catch (UnsupportedAudioFileException e) {
            throw new IllegalArgumentException(path + " is not a WAV file javax.sound can read", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the header of " + path, e);
        }
    }
}
