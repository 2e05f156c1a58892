package org.spira.model.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The bytes of a checkpoint, shared by every {@link CheckpointStore}: the model as DL4J's model
 * zip (configuration JSON with the iteration and epoch counters, parameters, updater state) and
 * the {@link TrainerState} as JSON.
 */
public final class CheckpointCodec {
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
}
