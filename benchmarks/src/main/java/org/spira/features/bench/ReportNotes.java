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
                "         Python rows: SPIRA's parameters, one thread each, in a Python subprocess that preloads"
                        + " the same files and",
                "         does its own warm-up and best-of-N; 'python' notes give versions, 'parity' notes each"
                        + " row's MFCC against this",
                "         project's on one recording. PyTorch rows: the --torch-python interpreter's torch and"
                        + " torchaudio (bin/bench-features:",
                "         PyTorch 2.x from PyPI), WAV decoded by Python's wave module; per window = torchaudio's"
                        + " MFCC on each window;",
                "         STFT per recording = one mel spectrogram per recording, each window's 401 frames sliced"
                        + " from it: a speed bound,",
                "         not SPIRA's MFCC at window edges. torchaudio MFCC = the --python interpreter's (Debian's"
                        + " torch 1.13 / torchaudio 0.13),",
                "         torchaudio.load per recording.");
    }
}
