package org.spira.features.bench;

import org.spira.features.PreparedRecording;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;
import org.spira.features.bench.BenchTarget.RunOutput;

/** How the project rows featurize one recording, shared by the single- and multi-threaded rows. */
final class ProjectFeaturization {
    private ProjectFeaturization() {}

    /** WAV bytes to clean MFCC windows with the fast path: prepare, then clean. */
    static RunOutput fastPath(RecordingFeaturizer featurizer, CorpusFile file) {
        PreparedRecording prepared = prepareOrNull(featurizer, file);
        return prepared == null
                ? RunOutput.none()
                : RunOutput.of(featurizer.clean(prepared).windows());
    }

    /**
     * Decodes, resamples and validates {@code file}; {@code null} when it is shorter than one
     * window (such recordings are part of the corpus and yield no window in every row).
     *
     * @throws IllegalStateException for any other rejection: the corpus should not contain one,
     *     and timing a path that rejects recordings would not be comparable
     */
    static PreparedRecording prepareOrNull(RecordingFeaturizer featurizer, CorpusFile file) {
        try {
            return featurizer.prepare(file.wav());
        } catch (RecordingRejectedException e) {
            if (e.reason() == RejectReason.TOO_SHORT) {
                return null;
            }
            throw corpusMustDecode(file, e.reason().code(), e);
        }
    }

    /** The error for a corpus recording rejected for a reason other than being too short. */
    static IllegalStateException corpusMustDecode(CorpusFile file, String reasonCode, Throwable cause) {
        return new IllegalStateException(
                file.path() + " was rejected (" + reasonCode + "): the benchmark corpus must decode", cause);
    }
}
