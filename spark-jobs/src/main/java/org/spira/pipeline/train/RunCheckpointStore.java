package org.spira.pipeline.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.spira.model.train.Checkpoint;
import org.spira.model.train.CheckpointCodec;
import org.spira.model.train.CheckpointException;
import org.spira.model.train.CheckpointStore;
import org.spira.model.train.TrainerState;
import org.spira.pipeline.tracking.ArtifactFile;
import org.spira.pipeline.tracking.TrackedRun;

/**
 * A {@link CheckpointStore} in an MLflow run's artifacts, so that a run resumed on another
 * machine finds its checkpoints where its metrics are:
 *
 * <pre>
 * checkpoints/epoch-000007/model.zip   model, updater state, iteration and epoch counters
 * checkpoints/epoch-000007/state.json  TrainerState
 * checkpoints/latest                   "epoch-000007": uploaded after the epoch's files
 * checkpoints/best                     the folder of the best epoch
 * </pre>
 *
 * Every epoch's checkpoint is kept (a 2.6 MB zip for SpiraConvV2 with Adam's state). Files
 * are staged in a local folder before upload and after download.
 */
public final class RunCheckpointStore implements CheckpointStore {
    static final String ROOT = "checkpoints";

    private final TrackedRun run;
    private final Path staging;

    /** A store in {@code run}'s artifacts, staging files in {@code staging}. Does no I/O. */
    public RunCheckpointStore(TrackedRun run, Path staging) {
        this.run = run;
        this.staging = staging;
    }

    @Override
    public void save(MultiLayerNetwork model, TrainerState state) {
        String name = CheckpointCodec.folder(state.epoch());
        try {
            Path dir = Files.createDirectories(staging.resolve("save").resolve(name));
            Files.write(dir.resolve(CheckpointCodec.MODEL_FILE), CheckpointCodec.modelBytes(model));
            Files.write(dir.resolve(CheckpointCodec.STATE_FILE), CheckpointCodec.stateJson(state));
            run.uploadArtifacts(dir, ROOT + "/" + name);
            pointTo(CheckpointCodec.LATEST, name);
        } catch (IOException | RuntimeException e) {
            throw failure("cannot save the checkpoint of epoch " + state.epoch(), e);
        }
    }

    @Override
    public void markBest(int epoch) {
        String name = CheckpointCodec.folder(epoch);
        boolean saved = run.listArtifacts(ROOT + "/" + name).stream()
                .anyMatch(f -> f.path().endsWith("/" + CheckpointCodec.STATE_FILE));
        if (!saved) {
            throw new CheckpointException(
                    "cannot mark epoch " + epoch + " as best: run " + run.id() + " has no checkpoint of it");
        }
        try {
            pointTo(CheckpointCodec.BEST, name);
        } catch (IOException | RuntimeException e) {
            throw failure("cannot mark epoch " + epoch + " as best", e);
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
        boolean present =
                run.listArtifacts(ROOT).stream().map(ArtifactFile::path).anyMatch(p -> p.equals(ROOT + "/" + pointer));
        if (!present) {
            return Optional.empty();
        }
        try {
            Path local = Files.createDirectories(staging.resolve("load"));
            String name = Files.readString(run.downloadArtifacts(ROOT + "/" + pointer, local), StandardCharsets.UTF_8)
                    .strip();
            return Optional.of(CheckpointCodec.read(run.downloadArtifacts(ROOT + "/" + name, local.resolve(name))));
        } catch (IOException | RuntimeException e) {
            throw failure("cannot read the " + pointer + " checkpoint", e);
        }
    }

    private void pointTo(String pointer, String name) throws IOException {
        Path dir = Files.createDirectories(staging.resolve("pointers"));
        Path file = Files.writeString(dir.resolve(pointer), name, StandardCharsets.UTF_8);
        run.uploadArtifacts(file, ROOT);
    }

    private CheckpointException failure(String what, Exception cause) {
        if (cause instanceof CheckpointException checkpoint) {
            return checkpoint;
        }
        return new CheckpointException(
                what + " in the artifacts of run " + run.id() + ": check the tracking server and its artifact store",
                cause);
    }
}
