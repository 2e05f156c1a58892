package org.spira.pipeline.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spira.features.dsp.FeatureSpec;
import org.spira.model.ModelSpec;
import org.spira.model.train.Checkpoint;
import org.spira.model.train.CheckpointCodec;
import org.spira.pipeline.tracking.TrackedRun;

/**
 * The files of a trained model in its run's artifacts, the folder a registered version points
 * at:
 *
 * <pre>
 * model/model.zip          the best checkpoint (DL4J ModelSerializer zip, updater state included)
 * model/model_spec.json    the ModelSpec it was built from
 * model/feature_spec.json  the FeatureSpec of its input windows (canonical JSON)
 * config/resolved.conf     the run's whole configuration (HOCON)
 * </pre>
 *
 * Evaluate and score read a registered version's files by these names, and {@code spira-predict}
 * a folder holding them.
 */
public final class ModelArtifacts {
    /** The folder of the model's files; a registered version's source. */
    public static final String MODEL_DIR = "model";
    /** The network, in that folder. */
    public static final String MODEL_ZIP = "model.zip";
    /** The ModelSpec it was built from, in that folder. */
    public static final String MODEL_SPEC_JSON = "model_spec.json";
    /** The FeatureSpec JSON of its input windows, in that folder. */
    public static final String FEATURE_SPEC_JSON = "feature_spec.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelArtifacts() {}

    /** Stages the files in {@code staging} and uploads them to {@code run}. */
    public static void upload(
            TrackedRun run,
            Path staging,
            Checkpoint best,
            ModelSpec spec,
            FeatureSpec featureSpec,
            String resolvedConfig)
            throws IOException {
        Path model = write(staging.resolve(MODEL_DIR), CheckpointCodec.modelBytes(best.model()), spec, featureSpec);
        run.uploadArtifacts(model, MODEL_DIR);
        Path config = Files.createDirectories(staging.resolve("config"));
        run.uploadArtifacts(
                Files.writeString(config.resolve("resolved.conf"), resolvedConfig, StandardCharsets.UTF_8), "config");
    }

    /**
     * Writes a model's files into {@code folder} (created when missing), as they are logged under
     * {@value #MODEL_DIR}: the folder {@code spira-predict --model} reads.
     *
     * @return the folder
     */
    public static Path write(Path folder, byte[] modelZip, ModelSpec spec, FeatureSpec featureSpec) throws IOException {
        Path model = Files.createDirectories(folder);
        Files.write(model.resolve(MODEL_ZIP), modelZip);
        Files.write(
                model.resolve(MODEL_SPEC_JSON),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(spec));
        Files.writeString(model.resolve(FEATURE_SPEC_JSON), featureSpec.toJson(), StandardCharsets.UTF_8);
        return model;
    }
}
