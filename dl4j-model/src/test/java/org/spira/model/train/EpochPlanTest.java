package org.spira.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EpochPlanTest {
    /** 23 recordings: every third has noisy variants 2, 5 and 7; the others are clean only. */
    private static final List<RecordingEntry> TRAIN = IntStream.range(0, 23)
            .mapToObj(i -> new RecordingEntry("rec-" + i, i % 2, 1 + i % 4, i % 3 == 0 ? List.of(7, 2, 5) : List.of()))
            .toList();

    @Test
    void minibatchesHoldKRecordingsEachOnceAndTheRemainderLast() {
        EpochPlan plan = EpochPlan.of(42, 0, TRAIN, 5);
        assertEquals(
                List.of(5, 5, 5, 5, 3),
                plan.minibatches().stream().map(b -> b.recordings().size()).toList());
        assertEquals(
                List.of(0, 1, 2, 3, 4),
                plan.minibatches().stream().map(PlannedMinibatch::index).toList());
        List<String> ids = ids(plan);
        Collections.sort(ids);
        assertEquals(TRAIN.stream().map(RecordingEntry::recordingId).sorted().toList(), ids);
        int windows = TRAIN.stream().mapToInt(RecordingEntry::windowCount).sum();
        assertEquals(
                windows,
                plan.minibatches().stream()
                        .mapToInt(PlannedMinibatch::windowCount)
                        .sum());
    }

    @Test
    void thePlanIsAPureFunctionOfSeedEpochAndRecordingsNotOfTheirOrder() {
        List<RecordingEntry> reversed = new ArrayList<>(TRAIN);
        Collections.reverse(reversed);
        assertEquals(EpochPlan.of(42, 3, TRAIN, 5), EpochPlan.of(42, 3, reversed, 5));
        assertNotEquals(ids(EpochPlan.of(42, 3, TRAIN, 5)), ids(EpochPlan.of(42, 4, TRAIN, 5)));
        assertNotEquals(ids(EpochPlan.of(42, 3, TRAIN, 5)), ids(EpochPlan.of(43, 3, TRAIN, 5)));
    }

    @Test
    void noisyVariantsRotateAcrossEpochsAndCleanRecordingsStayClean() {
        RecordingEntry noisy = TRAIN.get(0);
        RecordingEntry clean = TRAIN.get(1);
        assertEquals(
                List.of(2, 5, 7, 2, 5, 7, 2),
                IntStream.range(0, 7)
                        .mapToObj(epoch -> EpochPlan.variantFor(noisy, epoch))
                        .toList());
        assertEquals(0, EpochPlan.variantFor(clean, 5));
        for (int epoch = 0; epoch < 4; epoch++) {
            int e = epoch;
            EpochPlan.of(1, e, TRAIN, 4).minibatches().stream()
                    .flatMap(b -> b.recordings().stream())
                    .forEach(r -> assertEquals(EpochPlan.variantFor(entry(r.recordingId()), e), r.variant()));
        }
    }

    @Test
    void rejectsAnEmptyTrainSetADuplicateAndANonPositiveK() {
        assertThrows(IllegalArgumentException.class, () -> EpochPlan.of(1, 0, List.of(), 5));
        List<RecordingEntry> twice = List.of(TRAIN.get(0), TRAIN.get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EpochPlan.of(1, 0, twice, 5));
        assertEquals(true, e.getMessage().contains("rec-0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EpochPlan.of(1, 0, TRAIN, 0));
    }

    private static RecordingEntry entry(String id) {
        return TRAIN.stream()
                .filter(e -> e.recordingId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> ids(EpochPlan plan) {
        return plan.minibatches().stream()
                .flatMap(b -> b.recordings().stream())
                .map(PlannedRecording::recordingId)
                .collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
    }
}
