package org.spira.model.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A {@link CheckpointStore} in a local folder:
 *
 * <pre>
 * root/epoch-000007/model.zip   model, updater state, iteration and epoch counters
 * root/epoch-000007/state.json  {@link TrainerState}
 * root/latest                   "epoch-000007": written last, by an atomic rename
 * root/best                     the folder of the best epoch
 * </pre>
 *
 * Only the latest and the best checkpoints are kept; older folders are deleted after each save.
 */
public final class LocalCheckpointStore implements CheckpointStore {
    private final Path root;

    /** A store in {@code root}, created on the first save. Does no I/O. */
    public LocalCheckpointStore(Path root) {
        this.root = root;
    }

    @Override
    public void save(MultiLayerNetwork model, TrainerState state) {
        String name = CheckpointCodec.folder(state.epoch());
        try {
            Path dir = Files.createDirectories(root.resolve(name));
            writeAtomically(dir.resolve(CheckpointCodec.MODEL_FILE), CheckpointCodec.modelBytes(model));
            writeAtomically(dir.resolve(CheckpointCodec.STATE_FILE), CheckpointCodec.stateJson(state));
            writeAtomically(root.resolve(CheckpointCodec.LATEST), name.getBytes(StandardCharsets.UTF_8));
            prune();
        } catch (IOException e) {
            throw new CheckpointException(
                    "cannot save the checkpoint of epoch " + state.epoch() + " under " + root
                            + "; check that the folder is writable and the disk not full",
                    e);
        }
    }

    @Override
    public void markBest(int epoch) {
        String name = CheckpointCodec.folder(epoch);
        if (!Files.isRegularFile(root.resolve(name).resolve(CheckpointCodec.STATE_FILE))) {
            throw new CheckpointException("cannot mark epoch " + epoch + " as best: it was not saved under " + root);
        }
        try {
            writeAtomically(root.resolve(CheckpointCodec.BEST), name.getBytes(StandardCharsets.UTF_8));
            prune();
        } catch (IOException e) {
            throw new CheckpointException("cannot mark epoch " + epoch + " as best under " + root, e);
        }
    }

    @Override
    public Optional<Checkpoint> latest() {
        return load(CheckpointCodec.LATEST);
    }

    @Override
    public Optional<Checkpoint> best() {
        return load(CheckpointCodec.BEST);
    }

    private Optional<Checkpoint> load(String pointer) {
        Path file = root.resolve(pointer);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(CheckpointCodec.read(
                    root.resolve(Files.readString(file, StandardCharsets.UTF_8).strip())));
        } catch (IOException e) {
            throw new CheckpointException(
                    "cannot read the " + pointer + " checkpoint under " + root
                            + "; the folder it names is missing or unreadable",
                    e);
        }
    }

    private void prune() throws IOException {
        Set<String> keep = new HashSet<>(List.of(pointed(CheckpointCodec.LATEST), pointed(CheckpointCodec.BEST)));
        List<Path> stale;
        try (Stream<Path> dirs = Files.list(root)) {
            stale = dirs.filter(Files::isDirectory)
                    .filter(dir -> dir.getFileName().toString().startsWith("epoch-"))
                    .filter(dir -> !keep.contains(dir.getFileName().toString()))
                    .toList();
        }
        for (Path dir : stale) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private String pointed(String pointer) throws IOException {
        Path file = root.resolve(pointer);
        return Files.isRegularFile(file)
                ? Files.readString(file, StandardCharsets.UTF_8).strip()
                : pointer;
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(temp, bytes);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
