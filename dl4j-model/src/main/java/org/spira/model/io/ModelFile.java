package org.spira.model.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A network saved with everything needed to resume training: configuration (JSON), parameters,
 * and the updater state (Adam's moments) with the iteration and epoch counters that drive the
 * Noam schedule. The file is Deeplearning4j's ModelSerializer zip; it is written to a temporary
 * file beside the target and moved into place, so a reader never sees a half-written model.
 */
public final class ModelFile {

    private ModelFile() {}

    /**
     * Saves {@code network} with its updater state to {@code file}, replacing it.
     *
     * @throws ModelFileException if the file cannot be written
     */
    public static void save(MultiLayerNetwork network, Path file) {
        Path target = file.toAbsolutePath();
        Path partial = null;
        try {
            Files.createDirectories(target.getParent());
            partial = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".partial");
            ModelSerializer.writeModel(network, partial.toFile(), true);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(partial, e);
            throw new ModelFileException(
                    "cannot save the model to " + target + ": " + e.getMessage()
                            + "; check that the folder is writable and has space",
                    e);
        }
    }

    /**
     * Loads a network saved by {@link #save}, with its updater state, ready to continue training
     * where it stopped.
     *
     * @throws ModelFileException if the file is missing, unreadable, or not a saved network
     */
    public static MultiLayerNetwork load(Path file) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException(
                    "cannot load a model from " + file.toAbsolutePath() + ": " + e.getMessage()
                            + "; it must be a file written by ModelFile.save",
                    e);
        }
    }

    private static void deleteQuietly(Path partial, Exception failure) {
        if (partial == null) {
            return;
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
