package org.spira.model.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The layout and the bytes of a checkpoint, shared by every {@link CheckpointStore}: one folder
 * per epoch ({@link #folder}) holding the model as DL4J's model zip (configuration JSON with the
 * iteration and epoch counters, parameters, updater state) and the {@link TrainerState} as JSON,
 * and two pointers, {@link #LATEST} and {@link #BEST}, each holding the name of a folder.
 */
public final class CheckpointCodec {
    /** The model zip in a checkpoint folder. */
    public static final String MODEL_FILE = "model.zip";
    /** The trainer state JSON in a checkpoint folder. */
    public static final String STATE_FILE = "state.json";
    /** The pointer to the latest complete checkpoint. */
    public static final String LATEST = "latest";
    /** The pointer to the checkpoint with the lowest validation loss. */
    public static final String BEST = "best";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointCodec() {}

    /** The model zip of {@code model}, updater state included. */
    public static byte[] modelBytes(MultiLayerNetwork model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(model, out, true);
        } catch (IOException e) {
            throw new CheckpointException("cannot serialise the model", e);
        }
        return out.toByteArray();
    }

    /** The network of a model zip, updater state included. */
    public static MultiLayerNetwork model(byte[] zip) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip), true);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(
                    "cannot read the model zip (" + zip.length + " bytes): the checkpoint is"
                            + " damaged or not a DL4J MultiLayerNetwork",
                    e);
        }
    }

    /** {@code state} as JSON. */
    public static byte[] stateJson(TrainerState state) {
        try {
            return JSON.writeValueAsBytes(state);
        } catch (IOException e) {
            throw new CheckpointException("cannot write the trainer state as JSON", e);
        }
    }

    /** The trainer state of a JSON document written by {@link #stateJson}. */
    public static TrainerState state(byte[] json) {
        try {
            return JSON.readValue(json, TrainerState.class);
        } catch (IOException e) {
            throw new CheckpointException("cannot read the trainer state JSON: the checkpoint is damaged", e);
        }
    }

    /** The folder of epoch {@code epoch}'s checkpoint, {@code epoch-000007}: names sort by epoch. */
    public static String folder(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("checkpoints are saved after an epoch; got epoch " + epoch);
        }
        return String.format(Locale.ROOT, "epoch-%06d", epoch);
    }

    /** The checkpoint in {@code folder}: its model zip and its trainer state. */
    public static Checkpoint read(Path folder) throws IOException {
        TrainerState state = state(Files.readAllBytes(folder.resolve(STATE_FILE)));
        return new Checkpoint(model(Files.readAllBytes(folder.resolve(MODEL_FILE))), state);
    }
}
