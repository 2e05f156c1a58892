package org.spira.pipeline.scoring;

import java.io.IOException;
import java.nio.file.Path;
import org.spira.features.dsp.FeatureSpec;
import org.spira.model.ModelSpec;
import org.spira.model.SpiraConvNet;
import org.spira.model.train.CheckpointCodec;
import org.spira.pipeline.registry.ModelArtifacts;

/**
 * SpiraConvV2 as the paper's spec initialises it (seeded, never trained): a fixed network whose
 * outputs are real numbers of the real architecture, for tests of how a model is applied rather
 * than of what it learned. Its files are written as train logs them.
 */
public final class UntrainedModel {
    /** The front end its windows are computed with: SPIRA's. */
    public static final FeatureSpec SPEC = FeatureSpec.spira();

    private static byte[] zip;

    private UntrainedModel() {}

    /** The network as {@code model.zip} bytes (made once per JVM). */
    public static synchronized byte[] zip() {
        if (zip == null) {
            zip = CheckpointCodec.modelBytes(SpiraConvNet.network(ModelSpec.paper()));
        }
        return zip.clone();
    }

    /** Its files in {@code folder}: model.zip, model_spec.json, feature_spec.json. */
    public static Path folder(Path folder) throws IOException {
        return ModelArtifacts.write(folder, zip(), ModelSpec.paper(), SPEC);
    }
}
