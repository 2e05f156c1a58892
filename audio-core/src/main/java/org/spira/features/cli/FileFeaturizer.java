package org.spira.features.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.spira.features.FeaturizedVariant;
import org.spira.features.PreparedRecording;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.RecordingId;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;
import org.spira.features.dsp.FeatureSpec;

/** Featurizes one file into its .npy and .json outputs; safe to call from many threads. */
final class FileFeaturizer {
    private final FeatureSpec spec;
    private final VariantRequest request;
    private final ThreadLocal<RecordingFeaturizer> featurizers;

    FileFeaturizer(FeatureSpec spec, VariantRequest request) {
        this.spec = spec;
        this.request = request;
        this.featurizers = ThreadLocal.withInitial(() -> request.noise()
                .map(corpus -> new RecordingFeaturizer(spec, corpus))
                .orElseGet(() -> new RecordingFeaturizer(spec)));
    }

    InputOutcome featurize(Path input, Path target) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(input);
        } catch (NoSuchFileException e) {
            return InputOutcome.rejected(input, RejectReason.UNREADABLE, "no such file");
        } catch (IOException e) {
            return InputOutcome.rejected(input, RejectReason.UNREADABLE, "cannot read the file: " + e.getMessage());
        }
        try {
            String recordingId = RecordingId.of(bytes);
            PreparedRecording recording = featurizers.get().prepare(bytes);
            FeaturizedVariant features = variant(recording, recordingId);
            OutputFiles.write(target, input, recordingId, spec, recording, features, request);
            return InputOutcome.ok(input, features.windows().length, target);
        } catch (RecordingRejectedException e) {
            return InputOutcome.rejected(input, e.reason(), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the features of " + input + " to " + target, e);
        }
    }

    private FeaturizedVariant variant(PreparedRecording recording, String recordingId) {
        RecordingFeaturizer featurizer = featurizers.get();
        return request.noise().isPresent()
                ? featurizer.noisy(recording, recordingId, request.variant(), request.seed(), request.noiseCount())
                : featurizer.clean(recording);
    }
}
