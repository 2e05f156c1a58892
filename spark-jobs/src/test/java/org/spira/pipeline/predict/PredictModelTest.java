package org.spira.pipeline.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.evaluation.DecisionThreshold;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.scoring.UntrainedModel;

/** What --model names: a folder as train logs it, or a registered version (which needs a tracking server). */
class PredictModelTest {
    @TempDir
    Path dir;

    @Test
    void aFolderIsReadWithItsOwnSpecAndSpirasThreshold() throws Exception {
        Path folder = UntrainedModel.folder(dir.resolve("model"));
        PredictModel model = PredictModel.load(folder.toString(), Optional.empty(), Map.of(), dir.resolve("work"));
        assertEquals(UntrainedModel.SPEC, model.model().spec());
        assertEquals(DecisionThreshold.SPIRA, model.threshold());
        assertTrue(model.description().contains("threshold 0.5 (SPIRA's default)"), model.description());
        PredictModel chosen = PredictModel.load(
                folder.toString(), Optional.of(new DecisionThreshold(0.3)), Map.of(), dir.resolve("work"));
        assertEquals(new DecisionThreshold(0.3), chosen.threshold());
    }

    @Test
    void aModelUriWithoutATrackingServerIsAUsageErrorNamingTheVariable() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> PredictModel.load("models:/spira-conv-v2@champion", Optional.empty(), Map.of(), dir));
        assertTrue(e.getMessage().contains("MLFLOW_TRACKING_URI"), e.getMessage());
    }
}
