package org.spira.pipeline.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spira.features.dsp.FeatureSpec;
import org.spira.pipeline.io.StorageException;
import org.spira.pipeline.lineage.Recorded;
import org.spira.pipeline.lineage.TrainingLineage;
import org.spira.pipeline.tracking.ModelRegistry;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.train.ModelArtifacts;

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
            return FeatureSpecJson.parse(
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
}
