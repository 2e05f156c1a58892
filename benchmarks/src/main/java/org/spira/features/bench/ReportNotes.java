package org.spira.features.bench;

import java.util.List;

/** The legend printed under the results table: what each column and row means. */
final class ReportNotes {
    private ReportNotes() {}

    static List<String> legend(int threads) {
        return List.of(
                "legend:  audio s = audio featurized per pass; windows = 4 s windows produced; wall s = best pass;",
                "         cpu s = CPU time of the whole process during that pass (JIT and GC threads included);",
                "         audio/core-s = audio s / (wall s x threads); 'vs X' = audio/core-s of the row / of row X"
                        + " (> 1: faster per core);",
                "         x FFT = core-seconds of the row / core-seconds of its FFT-only row (JTransforms FFTs"
                        + " of the same frame count).",
                "rows:    SPIRA Pipeline rows run RecordingFeaturizer.prepare (decode, resample, validate) then the"
                        + " MFCC;",
                "         shared frames = RecordingFeaturizer.clean, interior frames computed once per recording;"
                        + " per window =",
                "         MfccExtractor.window on every window start (401 frames each). The " + threads
                        + "-thread row runs one featurizer per pool thread.",
                "         FFT only rows are reference points, not implementations: just JTransforms real FFTs of"
                        + " 1200 points",
                "         (plus a 1200-sample copy each), as many as the shared-frame / per-window paths have"
                        + " frames, on decoded waveforms.",
                "         The shared-frame path itself uses batched decimated DFTs (one real and one complex"
                        + " 400-point DFT per frame),",
                "         so its x FFT compares it with the JTransforms FFTs it replaced, not with its own FFT"
                        + " work.",
                "         TarsosDSP 2.4.1 (GPL-3.0, benchmark only) is fed the same 400-sample frames, hop 160,"
                        + " 401 per window, 40 filters,",
                "         40 coefficients, but computes a different MFCC: symmetric Hamming window, 400-point FFT,"
                        + " magnitude spectrum,",
                "         filters from 25 Hz (it raises 0 Hz), natural log floored at -50, unscaled DCT: NOT"
                        + " torchaudio-equivalent.",
                "         torchaudio and librosa: SPIRA's parameters per window, one thread each, in a Python"
                        + " subprocess that preloads",
                "         the same files and does its own warm-up and best-of-N; 'python' notes give versions"
                        + " and librosa's largest",
                "         deviation from torchaudio on the first window.");
    }
}
