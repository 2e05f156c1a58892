package org.spira.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LocalCheckpointStoreTest {
    @TempDir
    Path root;

    @Test
    void savesModelUpdaterCountersAndStateAndKeepsOnlyLatestAndBest() throws IOException {
        LocalCheckpointStore store = new LocalCheckpointStore(root);
        assertTrue(store.latest().isEmpty());
        MultiLayerNetwork model = trainedOnce();

        store.save(model, new TrainerState(0, 3, 0, 0.7, 42));
        store.markBest(0);
        store.save(model, new TrainerState(1, 6, 0, 0.7, 42));
        store.save(model, new TrainerState(2, 9, 2, 0.5, 42));
        store.markBest(2);
        store.save(model, new TrainerState(3, 12, 2, 0.5, 42));

        Checkpoint latest = store.latest().orElseThrow();
        assertEquals(new TrainerState(3, 12, 2, 0.5, 42), latest.state());
        assertEquals(model.params(), latest.model().params());
        assertEquals(
                model.getUpdater().getStateViewArray(),
                latest.model().getUpdater().getStateViewArray());
        assertEquals(model.getIterationCount(), latest.model().getIterationCount());
        assertEquals(model.getEpochCount(), latest.model().getEpochCount());
        assertEquals(2, store.best().orElseThrow().state().epoch());
        try (Stream<Path> files = Files.list(root)) {
            assertEquals(
                    List.of("best", "epoch-000002", "epoch-000003", "latest"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void markingAnEpochThatWasNotSavedFails() {
        assertThrows(CheckpointException.class, () -> new LocalCheckpointStore(root).markBest(4));
    }

    @Test
    void stateJsonRoundTrips() {
        TrainerState state = new TrainerState(12, 345, 7, 0.123456789012345, -9);
        assertEquals(state, CheckpointCodec.state(CheckpointCodec.stateJson(state)));
    }

    /** A model whose updater state and counters are not the initial ones. */
    private static MultiLayerNetwork trainedOnce() {
        MultiLayerNetwork model = TestCnn.build(2, 1);
        INDArray features = Nd4j.rand(new int[] {3, 1, 401, 40});
        INDArray labels = Nd4j.create(new float[] {0, 1, 1}, new long[] {3, 1});
        model.fit(features, labels);
        model.incrementEpochCount();
        return model;
    }
}
