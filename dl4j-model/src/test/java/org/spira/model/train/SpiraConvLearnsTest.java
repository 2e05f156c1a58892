package org.spira.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.model.ModelSpec;
import org.spira.model.OptimizerSpec;
import org.spira.model.SpiraConvNet;
import org.spira.model.train.RealWindows.Recording;

/**
 * The paper's SpiraConvV2 learns through the {@link Trainer}: a separable task from the shared
 * real recordings (each recording's clean windows, label 0, against its windows with ward noise,
 * label 1), validated on recordings it never saw.
 */
class SpiraConvLearnsTest {
    private static final int EPOCHS = 4;
    private static final int RECORDINGS_PER_BATCH = 4;
    /**
     * The paper's Noam warmup of 1000 updates would keep the rate below 2e-5 for the
     * {@value #EPOCHS} x 4 updates this test can afford on a CPU, so the rate peaks at the
     * paper's 1e-3 after this many updates instead; everything else is the paper's (dropout 0.7,
     * Adam, weight decay 0.01).
     */
    private static final int WARMUP = 4;

    private static InMemoryWindowSource source;
    private static List<RecordingEntry> train;
    private static List<RecordingEntry> validation;

    @TempDir
    Path checkpoints;

    @BeforeAll
    static void featurize() {
        List<Recording> recordings = RealWindows.shortRecordings("counting-fast", 0, 12);
        List<TrainingWindow> windows = new ArrayList<>();
        recordings.forEach(r -> windows.addAll(RealWindows.cleanVersusNoisy(r)));
        source = new InMemoryWindowSource(windows);
        List<String> validationIds =
                recordings.subList(8, 12).stream().map(Recording::id).toList();
        train = new ArrayList<>();
        validation = new ArrayList<>();
        for (RecordingEntry entry : source.index()) {
            String recording =
                    entry.recordingId().substring(0, entry.recordingId().indexOf('/'));
            (validationIds.contains(recording) ? validation : train).add(entry);
        }
    }

    @Test
    void learnsCleanVersusNoisyWithOneWorker() {
        assertLearns(1);
    }

    @Test
    void learnsCleanVersusNoisyWithTwoParallelWrapperWorkers() {
        assertLearns(2);
    }

    private void assertLearns(int workers) {
        ModelSpec spec = ModelSpec.paper().withOptimizer(OptimizerSpec.paper().withSchedule(1e-3, WARMUP));
        TrainerConfig config = new TrainerConfig(7, EPOCHS, RECORDINGS_PER_BATCH, workers, 1, 2, WindowShape.SPIRA);
        List<EpochReport> reports = new ArrayList<>();
        Checkpoint last = new Trainer(config, source, new LocalCheckpointStore(checkpoints), reports::add)
                .train(() -> SpiraConvNet.network(spec), train, validation);

        EpochReport final_ = reports.get(EPOCHS - 1);
        assertTrue(final_.validationAccuracy() >= 0.9, "chance is 0.5: " + reports);
        double bestLoss =
                reports.stream().mapToDouble(EpochReport::validationLoss).min().orElseThrow();
        // Measured: 0.23 (1 worker) and 0.41 (2 workers, whose Noam step and updates advance per
        // round of two minibatches, so it has taken half the steps).
        assertTrue(bestLoss < 0.6, "chance is ln 2 = 0.693: " + reports);
        int minibatches = (train.size() + RECORDINGS_PER_BATCH - 1) / RECORDINGS_PER_BATCH;
        assertEquals((long) EPOCHS * minibatches, final_.step());
        assertEquals((long) EPOCHS * minibatches / workers, last.model().getIterationCount(), "rounds of workers");
        assertEquals(EPOCHS, last.model().getEpochCount());
    }
}
