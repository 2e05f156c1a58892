package org.spira.pipeline.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.spira.features.dsp.FeatureSpec;
import org.spira.pipeline.io.StorageException;
import org.spira.pipeline.tracking.ModelRegistry;
import org.spira.pipeline.tracking.ModelVersion;

/**
 * A registered version's files, downloaded: the network ({@code model.zip}, DL4J
 * ModelSerializer format) as bytes to broadcast, and the FeatureSpec its windows were computed
 * with ({@code feature_spec.json}), checked against the lineage's feature version.
 *
 * @param modelZip the network's bytes
 * @param spec the front end of its training windows: evaluate's noisy condition, score and
 *     spira-predict featurize audio with it, never with the configured spec
 */
public record TrainedModel(byte[] modelZip, FeatureSpec spec) {
    /**
     * Downloads {@code version} into {@code folder} (a fresh, empty folder) and reads it; a
     * version without the train stage's files, or whose feature spec is not its lineage's, is a
     * problem naming the version.
     */
    public static Recorded<TrainedModel> download(
            ModelRegistry registry, ModelVersion version, TrainingLineage lineage, Path folder) {
        registry.download(version, folder);
        return read(
                folder,
                Optional.of(lineage.featureSpecHash()),
                "version " + version.version() + " of model " + version.model() + " (" + version.source() + ")");
    }

    /**
     * The model in {@code folder}, which holds {@code model.zip} and {@code feature_spec.json} as
     * the train stage logs them (a downloaded version, or a copy of its {@code model/} artifacts).
     * A folder without them, or whose feature spec is not of the feature version {@code
     * expectedHash} (when given), is a problem naming {@code origin}.
     *
     * @param origin what the folder holds, for messages (e.g. the version, or the folder)
     */
    public static Recorded<TrainedModel> read(Path folder, Optional<String> expectedHash, String origin) {
        Path model = folder.resolve(ModelArtifacts.MODEL_ZIP);
        Path spec = folder.resolve(ModelArtifacts.FEATURE_SPEC_JSON);
        if (!Files.isRegularFile(model) || !Files.isRegularFile(spec)) {
            return Recorded.missing(origin + " lacks " + ModelArtifacts.MODEL_ZIP + " or "
                    + ModelArtifacts.FEATURE_SPEC_JSON + ": only models registered by the train stage can be used");
        }
        try {
            byte[] network = Files.readAllBytes(model);
            return spec(Files.readString(spec), expectedHash, ModelArtifacts.FEATURE_SPEC_JSON + " of " + origin)
                    .map(frontEnd -> new TrainedModel(network, frontEnd));
        } catch (IOException e) {
            throw new StorageException(
                    "cannot read the model files of " + origin + " in " + folder
                            + ": check the local disk (java.io.tmpdir) or the folder's permissions",
                    e);
        }
    }

    /**
     * The spec in {@code json} (read by {@link FeatureSpec#fromJson}), or why it is not a spec of
     * this front end with the feature version {@code expectedHash} the model's lineage names (when
     * the model has a lineage).
     *
     * @param origin where the JSON came from, for messages
     */
    static Recorded<FeatureSpec> spec(String json, Optional<String> expectedHash, String origin) {
        FeatureSpec spec;
        try {
            spec = FeatureSpec.fromJson(json);
        } catch (IllegalArgumentException e) {
            return Recorded.missing(origin + " is not a feature spec (" + e.getMessage()
                    + "): the model was not registered by the train stage");
        }
        if (expectedHash.isPresent() && !spec.hash().equals(expectedHash.get())) {
            return Recorded.missing(origin + " has feature version " + spec.hash() + " but the model's lineage"
                    + " names " + expectedHash.get() + ": it was written by another front end; re-train the model");
        }
        return Recorded.of(spec);
    }
}
