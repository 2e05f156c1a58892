package org.spira.pipeline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.spira.pipeline.io.StorageException;

/** A local folder for what a command downloads (a model) or writes before uploading (reports), deleted after. */
final class WorkFolder {
    private WorkFolder() {}

    /** {@code work}'s result, given a fresh folder under java.io.tmpdir that is deleted when it returns or throws. */
    static <T> T use(String command, Function<Path, T> work) {
        Path folder;
        try {
            folder = Files.createTempDirectory("spira-" + command + "-");
        } catch (IOException e) {
            throw new StorageException(
                    "cannot create a local work folder for " + command + ": check the local disk (java.io.tmpdir)", e);
        }
        try {
            return work.apply(folder);
        } finally {
            deleteQuietly(folder);
        }
    }

    /** Deletes {@code folder} and what it holds; what cannot be deleted stays in java.io.tmpdir. */
    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a leftover temporary folder is not worth failing the command for
        }
    }
}
