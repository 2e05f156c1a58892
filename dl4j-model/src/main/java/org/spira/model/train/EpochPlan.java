package org.spira.model.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Which recordings, of which variant, go into which minibatch in one epoch (SPIRA.md section 6:
 * a minibatch is K recordings with all their windows). A pure function of (seed, epoch, train
 * recordings, K):
 *
 * <ol>
 *   <li>The recordings are sorted by id (so the input order does not matter), then shuffled by a
 *       Fisher-Yates shuffle driven by {@code java.util.Random} (whose algorithm its Javadoc
 *       specifies) seeded with {@code SeedMix.of(seed, epoch)}.
 *   <li>Consecutive runs of K recordings form the minibatches; the last one holds the remainder
 *       (between 1 and K recordings). Every recording appears exactly once per epoch.
 *   <li>Variant rotation: a recording with noisy variants v_1 < ... < v_n uses v_((e mod n) + 1)
 *       in epoch e (from 0), so each precomputed noisy variant is seen once every n epochs; a
 *       recording without noisy variants uses its clean variant 0. SPIRA v1 drew fresh noise every
 *       epoch for every training recording; the rotation is its deterministic, precomputed
 *       counterpart, and as in v1 the clean waveform is not used in training when noise exists.
 * </ol>
 *
 * @param seed the run's seed
 * @param epoch the epoch, from 0
 * @param recordingsPerBatch K, recordings per minibatch
 * @param minibatches the minibatches in training order
 */
public record EpochPlan(long seed, int epoch, int recordingsPerBatch, List<PlannedMinibatch> minibatches) {
    public EpochPlan {
        minibatches = List.copyOf(minibatches);
    }

    /**
     * The plan of epoch {@code epoch} over {@code train}.
     *
     * @throws IllegalArgumentException if {@code train} is empty, holds a recording id twice, or
     *     {@code recordingsPerBatch} or {@code epoch} is out of range
     */
    public static EpochPlan of(long seed, int epoch, Collection<RecordingEntry> train, int recordingsPerBatch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        List<RecordingEntry> order = shuffled(seed, epoch, sortedUnique(train));
        List<PlannedRecording> planned =
                order.stream().map(entry -> planned(entry, epoch)).toList();
        return new EpochPlan(seed, epoch, recordingsPerBatch, chunk(planned, recordingsPerBatch));
    }

    /** The variant a recording uses in {@code epoch}: the rotation rule above. */
    public static int variantFor(RecordingEntry entry, int epoch) {
        List<Integer> noisy = entry.noisyVariants();
        return noisy.isEmpty() ? 0 : noisy.get(Math.floorMod(epoch, noisy.size()));
    }

    /** Splits {@code recordings} into consecutive minibatches of {@code size}, the last one shorter. */
    static List<PlannedMinibatch> chunk(List<PlannedRecording> recordings, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("recordings per minibatch must be >= 1, got " + size + "; SPIRA uses 5");
        }
        List<PlannedMinibatch> batches = new ArrayList<>();
        for (int from = 0; from < recordings.size(); from += size) {
            List<PlannedRecording> part = recordings.subList(from, Math.min(from + size, recordings.size()));
            batches.add(new PlannedMinibatch(batches.size(), part));
        }
        return batches;
    }

    /** Minibatches in this epoch. */
    public int size() {
        return minibatches.size();
    }

    private static PlannedRecording planned(RecordingEntry entry, int epoch) {
        return new PlannedRecording(entry.recordingId(), entry.label(), variantFor(entry, epoch), entry.windowCount());
    }

    private static List<RecordingEntry> sortedUnique(Collection<RecordingEntry> train) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("an epoch needs at least one training recording; check the split");
        }
        List<RecordingEntry> sorted = new ArrayList<>(train);
        sorted.sort(Comparator.comparing(RecordingEntry::recordingId));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).recordingId().equals(sorted.get(i - 1).recordingId())) {
                throw new IllegalArgumentException("recording " + sorted.get(i).recordingId()
                        + " is listed twice among the training recordings; list each recording once");
            }
        }
        return sorted;
    }

    private static List<RecordingEntry> shuffled(long seed, int epoch, List<RecordingEntry> sorted) {
        Random random = new Random(SeedMix.of(seed, epoch));
        List<RecordingEntry> order = new ArrayList<>(sorted);
        for (int i = order.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            RecordingEntry swap = order.get(i);
            order.set(i, order.get(j));
            order.set(j, swap);
        }
        return order;
    }
}
