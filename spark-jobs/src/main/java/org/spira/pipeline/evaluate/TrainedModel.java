package org.spira.pipeline.evaluate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spira.features.dsp.FeatureSpec;
import org.spira.pipeline.config.ConfigException;
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
    public static final String MODEL_FILE = "model.zip";
    public static final String FEATURE_SPEC_FILE = "feature_spec.json";

    /** Downloads {@code version} into {@code folder} (a fresh, empty folder) and reads it. */
    public static TrainedModel download(
            ModelRegistry registry, ModelVersion version, ModelLineage lineage, Path folder) {
        registry.download(version, folder);
        Path model = folder.resolve(MODEL_FILE);
        Path spec = folder.resolve(FEATURE_SPEC_FILE);
        if (!Files.isRegularFile(model) || !Files.isRegularFile(spec)) {
            throw new ConfigException("version " + version.version() + " of model " + version.model() + " ("
                    + version.source() + ") lacks " + MODEL_FILE + " or " + FEATURE_SPEC_FILE
                    + ": only versions registered by the train stage can be evaluated");
        }
        try {
            return new TrainedModel(
                    Files.readAllBytes(model),
                    FeatureSpecJson.parse(
                            Files.readString(spec),
                            lineage.featureVersion(),
                            FEATURE_SPEC_FILE + " of version " + version.version()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the downloaded files of version " + version.version(), e);
        }
    }
}
