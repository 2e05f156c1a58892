package org.spira.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.spira.model.ModelSpec;
import org.spira.model.OptimizerSpec;
import org.spira.model.SpiraConvNet;

/** A saved and reloaded network continues training exactly as one that never stopped. */
class ModelFileTest {
    /** 1 s windows keep the test quick; the layers are those of the 4 s network. */
    private static final ModelSpec SPEC = ModelSpec.paper()
            .withFrames(101)
            .withOptimizer(OptimizerSpec.paper().withSchedule(1e-3, 3));

    private static final long DROPOUT_SEED = 1234;

    @TempDir
    Path dir;

    @Test
    void aLoadedModelContinuesTrainingIdentically() {
        DataSet batch = batch();
        MultiLayerNetwork uninterrupted = SpiraConvNet.network(SPEC);
        fit(uninterrupted, batch, 3, DROPOUT_SEED);
        Path file = dir.resolve("models/spira.zip");
        ModelFile.save(uninterrupted, file);

        MultiLayerNetwork resumed = ModelFile.load(file);
        assertEquals(3, resumed.getIterationCount());
        assertEquals(uninterrupted.params(), resumed.params());
        assertEquals(
                uninterrupted.getUpdater().getStateViewArray(),
                resumed.getUpdater().getStateViewArray());
        assertEquals(uninterrupted.getLayerWiseConfigurations(), resumed.getLayerWiseConfigurations());

        fit(uninterrupted, batch, 3, DROPOUT_SEED + 1);
        fit(resumed, batch, 3, DROPOUT_SEED + 1);
        assertEquals(uninterrupted.params(), resumed.params(), "parameters after 3 more updates");
        assertEquals(6, resumed.getIterationCount());
        assertEquals(uninterrupted.output(batch.getFeatures()), resumed.output(batch.getFeatures()));
    }

    @Test
    void withoutItsUpdaterStateAModelWouldDiverge() throws IOException {
        DataSet batch = batch();
        MultiLayerNetwork uninterrupted = SpiraConvNet.network(SPEC);
        fit(uninterrupted, batch, 3, DROPOUT_SEED);
        Path file = dir.resolve("spira.zip");
        ModelFile.save(uninterrupted, file);
        MultiLayerNetwork fresh = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);

        fit(uninterrupted, batch, 3, DROPOUT_SEED + 1);
        fit(fresh, batch, 3, DROPOUT_SEED + 1);
        assertNotEquals(
                uninterrupted.params(), fresh.params(), "Adam's moments must matter for this test to mean anything");
    }

    @Test
    void aMissingOrForeignFileFailsWithTheFix() throws IOException {
        Path missing = dir.resolve("none.zip");
        ModelFileException error = assertThrows(ModelFileException.class, () -> ModelFile.load(missing));
        assertTrue(error.getMessage().contains("none.zip"), error.getMessage());
        Path foreign = Files.writeString(dir.resolve("notes.zip"), "not a model");
        assertThrows(ModelFileException.class, () -> ModelFile.load(foreign));
    }

    private static DataSet batch() {
        Nd4j.getRandom().setSeed(7);
        INDArray inputs = Nd4j.randn(DataType.FLOAT, 4, 1, SPEC.frames(), SPEC.coefficients())
                .muli(10);
        INDArray labels = Nd4j.create(new float[][] {{0}, {1}, {1}, {0}});
        return new DataSet(inputs, labels);
    }

    /** Fits {@code steps} minibatches with dropout masks drawn from {@code seed}. */
    private static void fit(MultiLayerNetwork network, DataSet batch, int steps, long seed) {
        Nd4j.getRandom().setSeed(seed);
        for (int i = 0; i < steps; i++) {
            network.fit(batch);
        }
    }
}
