package org.spira.features.parity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.npy.Npy;
import org.spira.features.npy.NpyArray;

/**
 * A directory written by {@code audio-core/src/test/python/torchaudio_reference.py}: {@code
 * index.csv} plus, per key, {@code <key>.wave.npy} (float32 [samples], mono at 16 kHz) and
 * {@code <key>.mfcc.npy} (float32 [windows, 401 frames, 40 coefficients]), optionally gzipped
 * ({@code .npy.gz}) as the committed golden files are.
 */
final class ReferenceSet {

    private static final FeatureSpec SPEC = FeatureSpec.spira();

    static final String INDEX_HEADER = "key,path,source_rate,channels,samples_16k,windows";

    /** One index.csv row; {@code path} is relative to the manifest root, '/'-separated. */
    record Entry(String key, String path, int sourceRate, int channels, int samples16k, int windows) {}

    /** An entry with its arrays. */
    record Reference(Entry entry, NpyArray wave, NpyArray mfcc) {}

    private final Path dir;
    private final String suffix;
    private final Map<String, Entry> entries;

    private ReferenceSet(Path dir, String suffix, Map<String, Entry> entries) {
        this.dir = dir;
        this.suffix = suffix;
        this.entries = entries;
    }

    /**
     * Reads {@code dir/index.csv}.
     *
     * @param gzipped true when the arrays are stored as {@code .npy.gz}
     * @throws IOException if the index is missing or malformed
     */
    static ReferenceSet open(Path dir, boolean gzipped) throws IOException {
        Path index = dir.resolve("index.csv");
        if (!Files.isRegularFile(index)) {
            throw new NoSuchFileException(
                    index.toString(), null, "no reference index; regenerate the directory with bin/reference-features");
        }
        List<String> lines = Files.readAllLines(index);
        if (lines.isEmpty() || !lines.get(0).equals(INDEX_HEADER)) {
            throw new IOException(index + " must start with the header " + INDEX_HEADER);
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            Entry entry = parse(index, line);
            if (entries.put(entry.key(), entry) != null) {
                throw new IOException(index + " lists key " + entry.key() + " twice");
            }
        }
        return new ReferenceSet(dir, gzipped ? ".npy.gz" : ".npy", entries);
    }

    Path dir() {
        return dir;
    }

    /** Index entries by key, in index order. */
    Map<String, Entry> entries() {
        return entries;
    }

    /**
     * Loads a key's waveform and MFCC arrays and checks their shapes against the index.
     *
     * @throws IOException if a file is missing or unreadable, or the shapes are inconsistent
     */
    Reference load(String key) throws IOException {
        Entry entry = entries.get(key);
        if (entry == null) {
            throw new IOException(
                    "reference " + dir + " has no entry for " + key + "; regenerate it with bin/reference-features");
        }
        NpyArray wave = read(dir.resolve(key + ".wave" + suffix));
        NpyArray mfcc = read(dir.resolve(key + ".mfcc" + suffix));
        int[] mfccShape = {entry.windows(), SPEC.framesPerWindow(), SPEC.nMfcc()};
        if (!Arrays.equals(wave.shape(), new int[] {entry.samples16k()}) || !Arrays.equals(mfcc.shape(), mfccShape)) {
            throw new IOException("reference arrays for " + key + " have shapes " + Arrays.toString(wave.shape())
                    + " and " + Arrays.toString(mfcc.shape()) + " but index.csv says [" + entry.samples16k() + "] and "
                    + Arrays.toString(mfccShape));
        }
        return new Reference(entry, wave, mfcc);
    }

    private NpyArray read(Path file) throws IOException {
        if (!suffix.endsWith(".gz")) {
            return Npy.read(file);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return Npy.read(in);
        }
    }

    private static Entry parse(Path index, String line) throws IOException {
        String[] f = line.split(",", -1);
        if (f.length != 6) {
            throw new IOException(index + ": expected 6 comma-separated fields (no quoting) in: " + line);
        }
        try {
            return new Entry(
                    f[0],
                    f[1],
                    Integer.parseInt(f[2]),
                    Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]),
                    Integer.parseInt(f[5]));
        } catch (NumberFormatException e) {
            throw new IOException(index + ": non-integer field in: " + line, e);
        }
    }
}
