package org.spira.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.model.train.RealWindows.Recording;

/** The trainer on MFCC windows of the shared real recordings. */
class TrainerTest {
    private static InMemoryWindowSource separable;
    private static List<RecordingEntry> separableTrain;
    private static List<RecordingEntry> separableValidation;

    @TempDir
    Path checkpoints;

    @BeforeAll
    static void featurize() {
        List<Recording> recordings = RealWindows.shortRecordings("counting-fast", 0, 24);
        List<TrainingWindow> windows = new ArrayList<>();
        recordings.forEach(r -> windows.addAll(RealWindows.cleanVersusNoisy(r)));
        separable = new InMemoryWindowSource(windows);
        List<String> validationIds =
                recordings.subList(16, 24).stream().map(Recording::id).toList();
        separableTrain = new ArrayList<>();
        separableValidation = new ArrayList<>();
        for (RecordingEntry entry : separable.index()) {
            String source = entry.recordingId().substring(0, entry.recordingId().indexOf('/'));
            (validationIds.contains(source) ? separableValidation : separableTrain).add(entry);
        }
    }

    @Test
    void theBestCheckpointHasTheLowestValidationLoss() {
        List<EpochReport> reports = new ArrayList<>();
        LocalCheckpointStore store = new LocalCheckpointStore(checkpoints);
        new Trainer(config(5, 1), separable, store, reports::add)
                .train(() -> TestCnn.build(3, 1), separableTrain, separableValidation);

        EpochReport lowest = reports.stream()
                .min((a, b) -> Double.compare(a.validationLoss(), b.validationLoss()))
                .orElseThrow();
        Checkpoint best = store.best().orElseThrow();
        assertEquals(lowest.epoch(), best.state().bestEpoch());
        assertEquals(lowest.validationLoss(), best.state().bestLoss());
        assertEquals(reports.stream().filter(EpochReport::best).toList().get(0).epoch(), 0);
        ValidationResult again =
                new Validator(separable, WindowShape.SPIRA, 4).evaluate(best.model(), separableValidation);
        assertEquals(lowest.validationLoss(), again.loss(), 1e-12, "the best model, reloaded, scores the same");
        assertEquals(4, store.latest().orElseThrow().state().epoch());
    }

    @Test
    void aCheckpointOfAnotherSeedIsNotResumed() {
        LocalCheckpointStore store = new LocalCheckpointStore(checkpoints);
        new Trainer(config(1, 1), separable, store, TrainingObserver.NONE)
                .train(() -> TestCnn.build(3, 1), separableTrain, separableValidation);
        TrainerConfig otherSeed = new TrainerConfig(8, 2, 4, 1, 1, 2, WindowShape.SPIRA);
        TrainingException e = assertThrows(
                TrainingException.class, () -> new Trainer(otherSeed, separable, store, TrainingObserver.NONE)
                        .train(() -> TestCnn.build(3, 1), separableTrain, separableValidation));
        assertTrue(e.getMessage().contains("seed 7"), e.getMessage());
    }

    private static TrainerConfig config(int epochs, int workers) {
        return new TrainerConfig(7, epochs, 4, workers, 1, 2, WindowShape.SPIRA);
    }
}
