#!/usr/bin/python3
"""Python peers of the featurization benchmark (FeaturizationBenchmark runs this script).

Featurizes the benchmark's workload with SPIRA's front end (SPIRA.md sections 1-3) in one of
two libraries, on one thread, and prints machine-readable results:

  torchaudio  torchaudio.load on the WAV bytes (io.BytesIO), mean over channels,
              torchaudio.transforms.Resample to 16 kHz if needed (the corpus is 16 kHz),
              then torchaudio.transforms.MFCC(sample_rate=16000, n_mfcc=40, log_mels=False,
              melkwargs={n_fft: 1200, win_length: 400, hop_length: 160, n_mels: 40}) on each
              4 s window separately (top_db = 80 relative to that window's maximum), as SPIRA v1.
  librosa     soundfile.read on the WAV bytes, mean over channels, librosa.resample if needed,
              then librosa.feature.mfcc on each window with the equivalent parameters below
              (periodic Hann of 400 centred in n_fft 1200, reflect padding, power 2, 40 HTK
              mel filters without area normalisation from 0 to 8000 Hz, power_to_db with
              its defaults ref 1, amin 1e-10, top_db 80, orthonormal DCT-II, 40 coefficients). librosa builds
              its mel filterbank again on every call, as it does when used this way.

Both transpose each window to frames x coefficients (401 x 40), the layout SPIRA stores.

Timing: the files' bytes are read into memory first; untimed warm-up passes over the first
--warmup items, repeated for --warmup-seconds (as the Java rows do); then --repetitions timed passes over the whole list, keeping the one with the
smallest wall time. Output lines (key=value, space-separated):
  peer-info    impl, library versions
  peer-check   (with --check) librosa against torchaudio on the first window of the workload
  peer-result  impl, audio_s, windows, wall_s, cpu_s (process CPU time), threads, checksum
"""

import argparse
import io
import os
import sys
import time

# One thread for every numerical library, set before any of them is imported.
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[_var] = "1"

import numpy as np  # noqa: E402

RATE = 16000
WINDOW = 64000
STEP = 16000
N_MFCC = 40
MEL_KWARGS = {"n_fft": 1200, "win_length": 400, "hop_length": 160, "n_mels": 40}
LIBROSA_MFCC = dict(sr=RATE, n_mfcc=N_MFCC, dct_type=2, norm="ortho", lifter=0, mel_norm=None,
                    n_fft=1200, win_length=400, hop_length=160, window="hann", center=True,
                    pad_mode="reflect", power=2.0, n_mels=40, fmin=0.0, fmax=8000.0, htk=True)
# power_to_db inside librosa.feature.mfcc keeps its defaults: ref 1.0, amin 1e-10, top_db 80.


def window_starts(samples):
    count = 0 if samples < WINDOW else (samples - WINDOW) // STEP + 1
    return range(0, count * STEP, STEP)


class TorchaudioFrontEnd:
    name = "torchaudio"

    def __init__(self):
        import torch
        import torchaudio
        if torch.get_num_threads() != 1:  # the inter-op pool can be sized only once per process
            torch.set_num_threads(1)
            torch.set_num_interop_threads(1)
        self.torch, self.torchaudio = torch, torchaudio
        self.mfcc = torchaudio.transforms.MFCC(
            sample_rate=RATE, n_mfcc=N_MFCC, log_mels=False, melkwargs=MEL_KWARGS)
        self.resamplers = {}

    def versions(self):
        return {"torch": self.torch.__version__, "torchaudio": self.torchaudio.__version__}

    def decode(self, wav):
        waveform, rate = self.torchaudio.load(io.BytesIO(wav))
        mono = waveform.mean(dim=0)
        if rate != RATE:
            if rate not in self.resamplers:
                self.resamplers[rate] = self.torchaudio.transforms.Resample(rate, RATE)
            mono = self.resamplers[rate](mono)
        return waveform.shape[1] / rate, mono.contiguous()

    def windows(self, wave):
        return [self.mfcc(wave[s:s + WINDOW]).transpose(0, 1).contiguous().numpy()
                for s in window_starts(wave.shape[0])]

    def featurize(self, wav):
        with self.torch.inference_mode():
            seconds, wave = self.decode(wav)
            return seconds, self.windows(wave)


class LibrosaFrontEnd:
    name = "librosa"

    def __init__(self):
        import librosa
        import soundfile
        self.librosa, self.soundfile = librosa, soundfile

    def versions(self):
        return {"librosa": self.librosa.__version__, "soundfile": self.soundfile.__version__,
                "numpy": np.__version__}

    def decode(self, wav):
        data, rate = self.soundfile.read(io.BytesIO(wav), dtype="float32", always_2d=True)
        mono = data.mean(axis=1, dtype=np.float32)
        if rate != RATE:
            mono = self.librosa.resample(mono, orig_sr=rate, target_sr=RATE)
        return data.shape[0] / rate, mono

    def windows(self, wave):
        return [np.ascontiguousarray(self.librosa.feature.mfcc(y=wave[s:s + WINDOW], **LIBROSA_MFCC).T)
                for s in window_starts(wave.shape[0])]

    def featurize(self, wav):
        seconds, wave = self.decode(wav)
        return seconds, self.windows(wave)


FRONT_ENDS = {"torchaudio": TorchaudioFrontEnd, "librosa": LibrosaFrontEnd}


def parse_args(argv):
    parser = argparse.ArgumentParser(description="torchaudio / librosa peers of FeaturizationBenchmark")
    parser.add_argument("--impl", required=True, choices=sorted(FRONT_ENDS))
    parser.add_argument("--root", required=True, help="folder the listed paths are relative to")
    parser.add_argument("--list", required=True, help="workload: one path per line, in order, repeats allowed")
    parser.add_argument("--repetitions", type=int, default=3, help="timed passes; the fastest is kept")
    parser.add_argument("--warmup", type=int, default=24, help="items of each untimed warm-up pass")
    parser.add_argument("--warmup-seconds", type=float, default=10.0,
                        help="repeat warm-up passes until this many seconds have passed (at least one pass)")
    parser.add_argument("--check", action="store_true",
                        help="compare with torchaudio on the first window before timing (not for torchaudio itself)")
    args = parser.parse_args(argv)
    if args.repetitions < 1 or args.warmup < 0 or not args.warmup_seconds >= 0:
        parser.error("--repetitions must be >= 1, --warmup and --warmup-seconds >= 0")
    return args


def load_workload(root, listing):
    with open(listing, encoding="utf-8") as lines:
        paths = [line.strip() for line in lines if line.strip()]
    if not paths:
        sys.exit("bench_peers.py: the workload %s is empty" % listing)
    data = {}
    for path in paths:
        if path not in data:
            with open(os.path.join(root, path), "rb") as audio:
                data[path] = audio.read()
    return paths, data


def timed_pass(front_end, paths, data):
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    seconds, windows, checksum = 0.0, 0, 0.0
    for path in paths:
        duration, features = front_end.featurize(data[path])
        seconds += duration
        windows += len(features)
        checksum += sum(float(f[0, 0]) + float(f[-1, -1]) for f in features)
    wall, cpu = time.perf_counter() - wall_start, time.process_time() - cpu_start
    return {"audio_s": seconds, "windows": windows, "wall_s": wall, "cpu_s": cpu, "checksum": checksum}


def warm_up(front_end, paths, data, seconds):
    start = time.perf_counter()
    timed_pass(front_end, paths, data)
    while time.perf_counter() - start < seconds:
        timed_pass(front_end, paths, data)


def check_against_torchaudio(front_end, paths, data):
    """Largest |front_end - torchaudio| over the first window of the workload, and its scale."""
    reference_front_end = TorchaudioFrontEnd()
    for path in paths:
        windows = front_end.featurize(data[path])[1]
        if windows:
            reference = reference_front_end.featurize(data[path])[1][0]
            diff = float(np.max(np.abs(windows[0] - reference)))
            return {"recording": path, "max_abs_diff": diff, "max_abs": float(np.max(np.abs(reference)))}
    return {"recording": "none", "max_abs_diff": float("nan"), "max_abs": float("nan")}


def line(kind, fields):
    return kind + " " + " ".join("%s=%s" % (key, value) for key, value in fields.items())


def main(argv):
    args = parse_args(argv)
    paths, data = load_workload(args.root, args.list)
    front_end = FRONT_ENDS[args.impl]()
    print(line("peer-info", dict(impl=args.impl, python=sys.version.split()[0], **front_end.versions())), flush=True)
    if args.check and args.impl != "torchaudio":
        check = check_against_torchaudio(front_end, paths, data)
        print(line("peer-check", dict(impl=args.impl, against="torchaudio", **check)), flush=True)
    warm_up(front_end, paths[:args.warmup], data, args.warmup_seconds)
    best = None
    for repetition in range(args.repetitions):
        result = timed_pass(front_end, paths, data)
        print("bench_peers: %s pass %d/%d: %.2f s" % (args.impl, repetition + 1, args.repetitions,
                                                      result["wall_s"]), file=sys.stderr, flush=True)
        if best is None or result["wall_s"] < best["wall_s"]:
            best = result
    print(line("peer-result", dict(impl=args.impl, threads=1, **best)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
