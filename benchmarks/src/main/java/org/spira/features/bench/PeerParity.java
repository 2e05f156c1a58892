package org.spira.features.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.spira.features.PreparedRecording;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.testing.ParityMetrics;

/**
 * A Python peer's MFCC against this project's on the same recording: the peer writes every
 * window of the workload's first recording with windows ({@code bench_peers.py --dump}), and each
 * is compared with {@link RecordingFeaturizer#clean}'s window, as the parity tests compare with
 * torchaudio: relative L2 error per window, limit {@link #MAX_RELATIVE_L2}.
 *
 * @param recording the compared recording's path
 * @param windows windows compared
 * @param maxAbsDiff largest |peer - project| over all values
 * @param maxAbs largest |project| value, for scale
 * @param worstRelativeL2 largest ||peer - project||_2 / ||project||_2 over the windows
 */
record PeerParity(String recording, int windows, double maxAbsDiff, double maxAbs, double worstRelativeL2) {
    /** The parity tests' limit for one window's MFCC (audio-core's FrontEndParity, SPIRA.md section 3). */
    static final double MAX_RELATIVE_L2 = 1e-4;

    boolean withinTolerance() {
        return worstRelativeL2 <= MAX_RELATIVE_L2;
    }

    String describe() {
        return String.format(
                Locale.ROOT,
                "vs this project's MFCC on %s (%d windows): max |diff| %.3g (max |value| %.4g), worst relative L2"
                        + " %.2e (parity limit %.0e)",
                recording,
                windows,
                maxAbsDiff,
                maxAbs,
                worstRelativeL2,
                MAX_RELATIVE_L2);
    }

    /**
     * Compares the {@code windows} windows of 401 x 40 little-endian float32 values in {@code dump}
     * with this project's MFCC of {@code file}.
     *
     * @throws IOException when the dump cannot be read or its size or window count is not the
     *     project's
     */
    static PeerParity compare(FeatureSpec spec, CorpusFile file, int windows, Path dump) throws IOException {
        RecordingFeaturizer featurizer = new RecordingFeaturizer(spec);
        PreparedRecording prepared = ProjectFeaturization.prepareOrNull(featurizer, file);
        float[][] project =
                prepared == null ? new float[0][] : featurizer.clean(prepared).windows();
        FloatBuffer values = ByteBuffer.wrap(Files.readAllBytes(dump))
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
        int size = project.length == 0 ? 0 : project[0].length;
        if (windows != project.length || values.remaining() != (long) windows * size) {
            throw new IOException(String.format(
                    Locale.ROOT,
                    "%s: the peer wrote %d windows (%d values), this project has %d windows of %d values",
                    file.path(),
                    windows,
                    values.remaining(),
                    project.length,
                    size));
        }
        double maxAbsDiff = 0;
        double maxAbs = 0;
        double worst = 0;
        for (float[] ours : project) {
            float[] peer = new float[size];
            values.get(peer);
            maxAbsDiff = Math.max(maxAbsDiff, ParityMetrics.maxAbsDiff(peer, ours));
            for (float value : ours) {
                maxAbs = Math.max(maxAbs, Math.abs(value));
            }
            worst = Math.max(worst, ParityMetrics.relativeL2(peer, ours));
        }
        return new PeerParity(file.path(), windows, maxAbsDiff, maxAbs, worst);
    }
}
