package org.spira.model.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link WindowSource} over windows held in memory, for tests, notebooks and data sets small
 * enough for one JVM. It checks on construction that every variant of a recording has windows
 * 0..n-1 exactly once, the same n and the same label as its clean variant, which must exist.
 */
public final class InMemoryWindowSource implements WindowSource {
    private final Map<String, TreeMap<Integer, TrainingWindow[]>> byRecording;

    /** @throws TrainingException if the windows are inconsistent (see the class comment) */
    public InMemoryWindowSource(Collection<TrainingWindow> windows) {
        Map<String, TreeMap<Integer, List<TrainingWindow>>> grouped = new HashMap<>();
        for (TrainingWindow window : windows) {
            grouped.computeIfAbsent(window.recordingId(), id -> new TreeMap<>())
                    .computeIfAbsent(window.variant(), v -> new ArrayList<>())
                    .add(window);
        }
        this.byRecording = new HashMap<>();
        grouped.forEach((id, variants) -> byRecording.put(id, checkedVariants(id, variants)));
    }

    /** The index of every recording held, sorted by recording id. */
    public List<RecordingEntry> index() {
        return byRecording.entrySet().stream()
                .map(entry -> entry(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparing(RecordingEntry::recordingId))
                .toList();
    }

    @Override
    public Collection<TrainingWindow> fetch(List<PlannedRecording> recordings) {
        List<TrainingWindow> out = new ArrayList<>();
        for (PlannedRecording planned : recordings) {
            TrainingWindow[] windows = byRecording
                    .getOrDefault(planned.recordingId(), new TreeMap<>())
                    .get(planned.variant());
            if (windows == null || windows.length != planned.windowCount()) {
                throw new TrainingException("variant " + planned.variant() + " of recording "
                        + planned.recordingId() + " was planned with " + planned.windowCount()
                        + " windows but this source holds " + (windows == null ? "none" : windows.length)
                        + "; build the plan from this source's index()");
            }
            out.addAll(List.of(windows));
        }
        return out;
    }

    private static RecordingEntry entry(String id, TreeMap<Integer, TrainingWindow[]> variants) {
        TrainingWindow[] clean = variants.get(0);
        List<Integer> noisy = List.copyOf(variants.tailMap(1).keySet());
        return new RecordingEntry(id, clean[0].label(), clean.length, noisy);
    }

    private static TreeMap<Integer, TrainingWindow[]> checkedVariants(
            String id, TreeMap<Integer, List<TrainingWindow>> variants) {
        if (!variants.containsKey(0)) {
            throw new TrainingException("recording " + id + " has noisy variants " + variants.keySet()
                    + " but no clean variant 0; every recording needs its clean windows");
        }
        TreeMap<Integer, TrainingWindow[]> checked = new TreeMap<>();
        variants.forEach((variant, windows) -> checked.put(variant, contiguous(id, variant, windows)));
        TrainingWindow[] clean = checked.get(0);
        checked.forEach((variant, windows) -> {
            if (windows.length != clean.length || windows[0].label() != clean[0].label()) {
                throw new TrainingException("variant " + variant + " of recording " + id + " has "
                        + windows.length + " windows labelled " + windows[0].label() + ", its clean variant "
                        + clean.length + " labelled " + clean[0].label() + "; variants must match their recording");
            }
        });
        return checked;
    }

    private static TrainingWindow[] contiguous(String id, int variant, List<TrainingWindow> windows) {
        TrainingWindow[] sorted = windows.stream()
                .sorted(Comparator.comparingInt(TrainingWindow::windowIndex))
                .toArray(TrainingWindow[]::new);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i].windowIndex() != i || sorted[i].label() != sorted[0].label()) {
                throw new TrainingException("variant " + variant + " of recording " + id
                        + " does not hold windows 0.." + (sorted.length - 1)
                        + " exactly once with one label; deduplicate the feature rows");
            }
        }
        return sorted;
    }
}
