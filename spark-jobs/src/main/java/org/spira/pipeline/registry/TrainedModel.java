package org.spira.pipeline.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * @param spec the front end of its training windows; the noisy condition is computed with it
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
        Path model = folder.resolve(ModelArtifacts.MODEL_ZIP);
        Path spec = folder.resolve(ModelArtifacts.FEATURE_SPEC_JSON);
        if (!Files.isRegularFile(model) || !Files.isRegularFile(spec)) {
            return Recorded.missing("version " + version.version() + " of model " + version.model() + " ("
                    + version.source() + ") lacks " + ModelArtifacts.MODEL_ZIP + " or "
                    + ModelArtifacts.FEATURE_SPEC_JSON
                    + ": only versions registered by the train stage can be evaluated");
        }
        try {
            byte[] network = Files.readAllBytes(model);
            return spec(
                            Files.readString(spec),
                            lineage.featureSpecHash(),
                            ModelArtifacts.FEATURE_SPEC_JSON + " of version " + version.version())
                    .map(frontEnd -> new TrainedModel(network, frontEnd));
        } catch (IOException e) {
            throw new StorageException(
                    "cannot read the files of version " + version.version() + " downloaded to " + folder
                            + ": check the local disk (java.io.tmpdir)",
                    e);
        }
    }

    /**
     * The spec in {@code json} (read by {@link FeatureSpec#fromJson}), or why it is not a spec of
     * this front end with the feature version {@code expectedHash} the model's lineage names.
     *
     * @param origin where the JSON came from, for messages
     */
    static Recorded<FeatureSpec> spec(String json, String expectedHash, String origin) {
        FeatureSpec spec;
        try {
            spec = FeatureSpec.fromJson(json);
        } catch (IllegalArgumentException e) {
            return Recorded.missing(origin + " is not a feature spec (" + e.getMessage()
                    + "): the model was not registered by the train stage");
        }
        if (!spec.hash().equals(expectedHash)) {
            return Recorded.missing(origin + " has feature version " + spec.hash() + " but the model's lineage"
                    + " names " + expectedHash + ": it was written by another front end; re-train the model");
        }
        return Recorded.of(spec);
    }
}
