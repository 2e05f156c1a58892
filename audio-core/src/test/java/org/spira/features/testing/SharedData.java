package org.spira.features.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The project's shared real-audio data ({@code shared/data}: {@code public/}, {@code
 * native-rate/}, {@code noise/}; each folder's README describes it). Found through the system
 * property {@code spira.shared.data} (surefire sets it), else by walking up from the working
 * directory to the first folder that has {@code shared/data}.
 */
public final class SharedData {

    /** System property naming the shared data folder. */
    public static final String PROPERTY = "spira.shared.data";

    private SharedData() {}

    /**
     * The shared data folder, absolute and normalized.
     *
     * @throws IllegalStateException if it cannot be found
     */
    public static Path root() {
        String configured = System.getProperty(PROPERTY, "").strip();
        if (!configured.isEmpty()) {
            Path root = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isDirectory(root)) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + configured + " is not a directory;"
                        + " point it at the shared/data folder or leave it unset to search upwards");
            }
            return root;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("shared/data"))) {
                return dir.resolve("shared/data").normalize();
            }
        }
        throw new IllegalStateException("shared/data not found above "
                + Path.of("").toAbsolutePath() + "; pass -D" + PROPERTY + "=/path/to/shared/data");
    }

    /**
     * Every shared speech recording that the front end must handle, sorted by relative path:
     * {@code public/audio/**}{@code /*.wav} (16 kHz mono) and {@code native-rate/**}{@code
     * /*.wav}, {@code *.ogg} (8 to 48 kHz, mono and stereo), extensions in any case, as
     * {@code bin/reference-features} selects them. The noise files are not included.
     */
    public static List<Path> allAudio() {
        Path root = root();
        return Stream.concat(
                        listFiles(root.resolve("public/audio"), ".wav"),
                        listFiles(root.resolve("native-rate"), ".wav", ".ogg"))
                .sorted((a, b) -> relativePath(a).compareTo(relativePath(b)))
                .toList();
    }

    /** All bytes of {@code file}. */
    public static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Data rows (header excluded) of a metadata CSV under the root, for example {@code public/metadata.csv}. */
    public static long metadataRows(String csv) {
        try (Stream<String> lines = Files.lines(root().resolve(csv))) {
            return lines.skip(1).filter(line -> !line.isBlank()).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root().resolve(csv), e);
        }
    }

    /** {@code file}'s path relative to {@link #root()}, '/'-separated. */
    public static String relativePath(Path file) {
        Path relative = root().relativize(file.toAbsolutePath().normalize());
        if (relative.startsWith("..")) {
            throw new IllegalArgumentException(file + " is not under the shared data folder " + root());
        }
        return relative.toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /**
     * The key the torchaudio reference gives {@code file} when run with the shared data root as
     * its manifest root: the relative path with '/' replaced by "__" and the extension dropped,
     * for example {@code native-rate__coswara__<id>__vowel-a}.
     */
    public static String referenceKey(Path file) {
        String relative = relativePath(file);
        int dot = relative.lastIndexOf('.');
        String stem = dot > relative.lastIndexOf('/') ? relative.substring(0, dot) : relative;
        return stem.replace("/", "__");
    }

    /** Lower-case hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static Stream<Path> listFiles(Path dir, String... extensions) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("shared audio folder " + dir + " is missing; check " + PROPERTY);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> found = files.filter(Files::isRegularFile)
                    .filter(file -> hasExtension(file, extensions))
                    .toList();
            return found.stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static boolean hasExtension(Path file, String... extensions) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Stream.of(extensions).anyMatch(name::endsWith);
    }
}
