package org.spira.features.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spira.features.PreparedRecording;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.RecordingRejectedException;
import org.spira.features.RejectReason;
import org.spira.features.decode.AudioDecoder;
import org.spira.features.decode.DecodedAudio;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.dsp.Resampler;
import org.spira.features.parity.ReferenceSet.Reference;
import org.spira.features.testing.ParityMetrics;

/**
 * Runs our Java front end (decode, down-mix, resample to 16 kHz, MFCC per 4 s window) on one
 * recording and compares it with a torchaudio reference, with the tolerances of SPIRA.md
 * section 3: per window ||ours - ref||_2 / ||ref||_2 <= 1e-4 over its 401 x 40 MFCC values, and
 * max |ours - ref| <= 1e-4 (full scale) over the resampled waveform.
 */
final class FrontEndParity {

    /** Largest accepted relative L2 error of one window's MFCC (dimensionless). */
    static final double MFCC_MAX_RELATIVE_L2 = 1e-4;
    /** Largest accepted absolute sample difference of the 16 kHz waveform (full scale = 1). */
    static final double WAVE_MAX_ABS = 1e-4;

    private static final FeatureSpec SPEC = FeatureSpec.spira();

    /** Our front end's outputs: the decoded recording, its 16 kHz waveform, MFCC per window. */
    record Outputs(DecodedAudio decoded, float[] wave16k, float[][] mfcc) {}

    /** Errors for one recording; {@code worstWindow} is -1 when it has no window. */
    record Errors(String key, int windows, double waveMaxAbs, double mfccWorstRelativeL2, int worstWindow) {

        boolean withinTolerance() {
            return waveMaxAbs <= WAVE_MAX_ABS && mfccWorstRelativeL2 <= MFCC_MAX_RELATIVE_L2;
        }
    }

    private FrontEndParity() {}

    /**
     * Featurizes {@code audio} through the product path ({@link RecordingFeaturizer}); a
     * recording shorter than one window is still decoded and resampled so its waveform is
     * compared.
     */
    static Outputs run(Path audio) throws IOException, RecordingRejectedException {
        byte[] bytes = Files.readAllBytes(audio);
        DecodedAudio decoded = new AudioDecoder().decode(bytes);
        RecordingFeaturizer featurizer = new RecordingFeaturizer(SPEC);
        try {
            PreparedRecording prepared = featurizer.prepare(bytes);
            return new Outputs(
                    decoded, prepared.samples(), featurizer.clean(prepared).windows());
        } catch (RecordingRejectedException e) {
            if (e.reason() != RejectReason.TOO_SHORT) {
                throw e;
            }
            float[] wave = Resampler.toSpec(decoded.sampleRate(), SPEC).resample(decoded.mono());
            return new Outputs(decoded, wave, new float[0][]);
        }
    }

    /**
     * Compares our outputs with the reference: source rate, channels, waveform length and
     * window count must be equal (an assertion fails otherwise); returns the errors, which the
     * caller records before {@link #assertWithinTolerance}.
     */
    static Errors compare(String key, Outputs ours, Reference ref) {
        ReferenceSet.Entry entry = ref.entry();
        assertEquals(entry.sourceRate(), ours.decoded().sampleRate(), key + ": decoded sample rate (Hz)");
        assertEquals(entry.channels(), ours.decoded().channels(), key + ": decoded channel count");
        assertEquals(ref.wave().data().length, ours.wave16k().length, key + ": samples at 16 kHz");
        assertEquals(ref.mfcc().shape()[0], ours.mfcc().length, key + ": number of 4 s windows");
        double waveMaxAbs = ParityMetrics.maxAbsDiff(ours.wave16k(), ref.wave().data());
        double worst = 0;
        int worstWindow = -1;
        for (int w = 0; w < ours.mfcc().length; w++) {
            double error = ParityMetrics.relativeL2(ours.mfcc()[w], ref.mfcc().slice(w));
            if (worstWindow < 0 || !(error <= worst)) {
                worst = error;
                worstWindow = w;
            }
        }
        return new Errors(key, ours.mfcc().length, waveMaxAbs, worst, worstWindow);
    }

    /** Fails with every violated tolerance and where it happened. */
    static void assertWithinTolerance(Errors errors, Outputs ours, Reference ref) {
        List<String> problems = new ArrayList<>();
        if (!(errors.waveMaxAbs() <= WAVE_MAX_ABS)) {
            int i = ParityMetrics.argMaxAbsDiff(ours.wave16k(), ref.wave().data());
            problems.add(format(
                    "waveform max |diff| %.3e > %.0e at sample %d (ours %.8f, torchaudio %.8f)",
                    errors.waveMaxAbs(),
                    WAVE_MAX_ABS,
                    i,
                    ours.wave16k()[i],
                    ref.wave().data()[i]));
        }
        for (int w = 0; w < ours.mfcc().length; w++) {
            double error = ParityMetrics.relativeL2(ours.mfcc()[w], ref.mfcc().slice(w));
            if (!(error <= MFCC_MAX_RELATIVE_L2)) {
                problems.add(format(
                        "window %d MFCC relative L2 %.3e > %.0e (max |diff| %.3e)",
                        w,
                        error,
                        MFCC_MAX_RELATIVE_L2,
                        ParityMetrics.maxAbsDiff(ours.mfcc()[w], ref.mfcc().slice(w))));
            }
        }
        if (!problems.isEmpty()) {
            fail(errors.key() + " differs from torchaudio:\n  " + String.join("\n  ", problems));
        }
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
