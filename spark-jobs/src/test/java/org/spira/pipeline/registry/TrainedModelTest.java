package org.spira.pipeline.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.dsp.FeatureSpec;

/**
 * A model's files are read from a folder as train logs them; its stored feature spec is read
 * through FeatureSpec.fromJson and checked against its lineage, when it has one.
 */
class TrainedModelTest {
    private static final FeatureSpec SPIRA = FeatureSpec.spira();
    private static final String ORIGIN = "feature_spec.json of version 3";

    @Test
    void theStoredSpecOfTheLineagesFeatureVersionIsRead() {
        Recorded<FeatureSpec> read = TrainedModel.spec(SPIRA.toJson(), Optional.of(SPIRA.hash()), ORIGIN);
        assertEquals(Optional.empty(), read.problem());
        assertEquals(SPIRA, read.orElseThrow());
    }

    @Test
    void aSpecOfAnotherFeatureVersionIsAProblemNamingBoth() {
        FeatureSpec other = SPIRA.withWindow(48_000, 16_000);
        String problem = TrainedModel.spec(other.toJson(), Optional.of(SPIRA.hash()), ORIGIN)
                .problem()
                .orElseThrow();
        assertTrue(problem.startsWith(ORIGIN + " has feature version " + other.hash()), problem);
        assertTrue(problem.contains("names " + SPIRA.hash()), problem);
    }

    @Test
    void whatIsNoSpecIsAProblemSayingWhy() {
        String problem = TrainedModel.spec(
                        SPIRA.toJson().replace("\"nMels\":40,", ""), Optional.of(SPIRA.hash()), ORIGIN)
                .problem()
                .orElseThrow();
        assertTrue(problem.startsWith(ORIGIN + " is not a feature spec"), problem);
        assertTrue(problem.contains("FeatureSpec.nMels is missing"), problem);
    }

    @Test
    void aFolderAsTrainLogsItIsAModelWithItsOwnSpec(@TempDir Path folder) throws IOException {
        FeatureSpec threeSeconds = SPIRA.withWindow(48_000, 16_000);
        Files.write(folder.resolve(ModelArtifacts.MODEL_ZIP), new byte[] {1, 2, 3});
        Files.writeString(folder.resolve(ModelArtifacts.FEATURE_SPEC_JSON), threeSeconds.toJson());
        TrainedModel model =
                TrainedModel.read(folder, Optional.empty(), "the folder").orElseThrow();
        assertEquals(threeSeconds, model.spec());
        assertEquals(3, model.modelZip().length);
        String problem = TrainedModel.read(folder, Optional.of(SPIRA.hash()), "version 3")
                .problem()
                .orElseThrow();
        assertTrue(problem.startsWith("feature_spec.json of version 3 has feature version"), problem);
    }

    @Test
    void aFolderWithoutTheModelFilesIsAProblemNamingIt(@TempDir Path folder) throws IOException {
        Files.write(folder.resolve(ModelArtifacts.MODEL_ZIP), new byte[] {1});
        String problem = TrainedModel.read(folder, Optional.empty(), "folder m")
                .problem()
                .orElseThrow();
        assertEquals(
                "folder m lacks model.zip or feature_spec.json: only models registered by the train stage can be used",
                problem);
    }
}
