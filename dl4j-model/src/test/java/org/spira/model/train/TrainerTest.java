package org.spira.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void patienceStopsTrainingAndAResumedRunThatStoppedStaysStopped() {
        // The validation labels are flipped: the better the model learns the training labels, the
        // higher its validation loss, so epoch 0 stays the best and patience must end the run.
        InMemoryWindowSource flipped = withValidationLabelsFlipped();
        List<RecordingEntry> validation = flipped.index().stream()
                .filter(e -> separableValidation.stream()
                        .anyMatch(v -> v.recordingId().equals(e.recordingId())))
                .toList();
        LocalCheckpointStore store = new LocalCheckpointStore(checkpoints);
        List<EpochReport> reports = new ArrayList<>();
        TrainerConfig patient = config(8, 1).withPatience(2);
        Checkpoint last = new Trainer(patient, flipped, store, reports::add)
                .train(() -> TestCnn.build(3, 1), separableTrain, validation);

        assertEquals(
                List.of(true, false, false),
                reports.stream().map(EpochReport::best).toList());
        assertEquals(2, last.state().epoch(), "epochs 1 and 2 did not improve on epoch 0: stop after epoch 2");
        assertTrue(patient.stoppedEarly(last.state()));

        List<EpochReport> resumed = new ArrayList<>();
        new Trainer(config(20, 1).withPatience(2), flipped, store, resumed::add)
                .train(() -> TestCnn.build(3, 1), separableTrain, validation);
        assertEquals(List.of(), resumed, "a resumed run that had stopped early trains no further");
        assertEquals(2, store.latest().orElseThrow().state().epoch());

        Checkpoint continued = new Trainer(config(4, 1), flipped, store, resumed::add)
                .train(() -> TestCnn.build(3, 1), separableTrain, validation);
        assertEquals(3, continued.state().epoch(), "without patience the run continues up to its epochs");
        assertEquals(0, store.best().orElseThrow().state().bestEpoch());
    }

    @Test
    void patienceCountsEpochsSinceTheBest() {
        TrainerConfig config = config(10, 1).withPatience(3);
        TrainerState state = TrainerState.start(7).after(0, 5, 1.0).after(1, 5, 0.5);
        assertFalse(config.isDone(state));
        state = state.after(2, 5, 0.6).after(3, 5, 0.5);
        assertFalse(config.isDone(state), "two epochs without improvement, patience 3");
        state = state.after(4, 5, 0.7);
        assertTrue(config.isDone(state), "three epochs without improvement");
        assertFalse(config.withPatience(0).isDone(state), "patience 0 never stops early");
        assertTrue(config.withPatience(0).isDone(state.after(9, 5, 0.1)), "all epochs done");
        assertThrows(IllegalArgumentException.class, () -> config.withPatience(-1));
    }

    /** The windows of every recording, those of the validation recordings with the other label. */
    private static InMemoryWindowSource withValidationLabelsFlipped() {
        List<String> validationIds =
                separableValidation.stream().map(RecordingEntry::recordingId).toList();
        List<TrainingWindow> windows = new ArrayList<>();
        for (RecordingEntry entry : separable.index()) {
            List<PlannedRecording> all = new ArrayList<>();
            all.add(new PlannedRecording(entry.recordingId(), entry.label(), 0, entry.windowCount()));
            entry.noisyVariants()
                    .forEach(v ->
                            all.add(new PlannedRecording(entry.recordingId(), entry.label(), v, entry.windowCount())));
            boolean flip = validationIds.contains(entry.recordingId());
            for (TrainingWindow w : separable.fetch(all)) {
                windows.add(new TrainingWindow(
                        w.recordingId(), flip ? 1 - w.label() : w.label(), w.variant(), w.windowIndex(), w.mfcc()));
            }
        }
        return new InMemoryWindowSource(windows);
    }

    private static TrainerConfig config(int epochs, int workers) {
        return new TrainerConfig(7, epochs, 4, workers, 1, 2, WindowShape.SPIRA);
    }
}
