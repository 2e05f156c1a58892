package org.spira.model.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.spira.features.FeaturizedVariant;
import org.spira.features.NoiseCorpus;
import org.spira.features.PreparedRecording;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.RecordingId;
import org.spira.features.RecordingRejectedException;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.testing.MetadataCsv;
import org.spira.features.testing.SharedData;

/**
 * MFCC windows (401 x 40, SPIRA's front end) of the shared real recordings, computed with
 * audio-core's {@link RecordingFeaturizer} and the shared ward-noise corpus. Kept small: short
 * recordings (5 to 9 s, 2 to 6 windows each).
 */
final class RealWindows {
    static final long NOISE_SEED = 42;
    private static final FeatureSpec SPEC = FeatureSpec.spira();
    private static NoiseCorpus noise;

    private RealWindows() {}

    /** A shared recording: its path under public/, and its label (1 = respiratory). */
    record Recording(Path file, int label) {
        String id() {
            return RecordingId.of(SharedData.bytes(file));
        }
    }

    /** The first {@code count} recordings of {@code task} (any task if null) lasting 5 to 9 s with {@code label}, by path. */
    static List<Recording> shortRecordings(String task, int label, int count) {
        Path root = SharedData.root().resolve("public");
        List<Recording> found = new ArrayList<>();
        for (Map<String, String> row : MetadataCsv.rows(root.resolve("metadata.csv"))) {
            double seconds = Double.parseDouble(row.get("duration_s"));
            int rowLabel = row.get("label").equals("control") ? 0 : 1;
            if ((task == null || row.get("task").equals(task)) && rowLabel == label && seconds >= 5 && seconds <= 9) {
                found.add(new Recording(root.resolve(row.get("path")), rowLabel));
            }
        }
        found.sort(Comparator.comparing(Recording::file));
        return found.subList(0, Math.min(count, found.size()));
    }

    /** The windows of variant 0 (clean) and of noisy variants 1..noisyVariants, labelled as the recording. */
    static List<TrainingWindow> withVariants(Recording recording, int noisyVariants) {
        PreparedRecording prepared = prepare(recording);
        String id = recording.id();
        List<TrainingWindow> windows = new ArrayList<>(as(id, recording.label(), 0, clean(prepared)));
        for (int v = 1; v <= noisyVariants; v++) {
            windows.addAll(as(id, recording.label(), v, noisy(prepared, id, v)));
        }
        return windows;
    }

    /**
     * A separable task from one recording: its clean windows as recording "id/clean" of label 0,
     * and its windows with ward noise (variant 1's noise) as recording "id/noisy" of label 1.
     */
    static List<TrainingWindow> cleanVersusNoisy(Recording recording) {
        PreparedRecording prepared = prepare(recording);
        String id = recording.id();
        List<TrainingWindow> windows = new ArrayList<>(as(id + "/clean", 0, 0, clean(prepared)));
        windows.addAll(as(id + "/noisy", 1, 0, noisy(prepared, id, 1)));
        return windows;
    }

    private static float[][] clean(PreparedRecording prepared) {
        return new RecordingFeaturizer(SPEC).clean(prepared).windows();
    }

    private static float[][] noisy(PreparedRecording prepared, String id, int variant) {
        FeaturizedVariant noisy = new RecordingFeaturizer(SPEC, noise()).noisy(prepared, id, variant, NOISE_SEED, 3);
        return noisy.windows();
    }

    private static List<TrainingWindow> as(String id, int label, int variant, float[][] mfcc) {
        List<TrainingWindow> windows = new ArrayList<>();
        for (int w = 0; w < mfcc.length; w++) {
            windows.add(new TrainingWindow(id, label, variant, w, mfcc[w]));
        }
        return windows;
    }

    private static PreparedRecording prepare(Recording recording) {
        try {
            return new RecordingFeaturizer(SPEC).prepare(SharedData.bytes(recording.file()));
        } catch (RecordingRejectedException e) {
            throw new IllegalStateException(
                    "shared recording " + SharedData.relativePath(recording.file()) + " was rejected: "
                            + e.getMessage(),
                    e);
        }
    }

    private static synchronized NoiseCorpus noise() {
        if (noise == null) {
            noise = NoiseCorpus.fromDirectory(SharedData.root().resolve("noise"), SPEC);
        }
        return noise;
    }
}
