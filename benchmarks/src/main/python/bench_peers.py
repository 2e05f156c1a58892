#!/usr/bin/python3
"""Python peers of the featurization benchmark (FeaturizationBenchmark runs this script).

Featurizes the benchmark's workload with SPIRA's front end (SPIRA.md sections 1-3) in one of
four ways, on one thread, and prints machine-readable results:

  torchaudio      torchaudio.load on the WAV bytes (io.BytesIO), mean over channels,
                  torchaudio.transforms.Resample to 16 kHz if needed (the corpus is 16 kHz),
                  then torchaudio.transforms.MFCC(sample_rate=16000, n_mfcc=40, log_mels=False,
                  melkwargs={n_fft: 1200, win_length: 400, hop_length: 160, n_mels: 40}) on each
                  4 s window separately (top_db = 80 relative to that window's maximum), as SPIRA v1.
  pytorch-window  the same MFCC per window with the interpreter's torch and torchaudio (the
                  benchmark gives it PyTorch 2.x), the WAV bytes decoded by Python's wave module
                  and numpy (PCM16; torchaudio 2.9 and later load audio only through torchcodec).
  pytorch-stft    as pytorch-window, but one mel spectrogram per recording (one STFT over the
                  whole recording, centred and reflect-padded at the recording's ends) with each
                  window's 401 frames sliced from it, then the window's dB (top_db per window) and
                  DCT: a speed bound, not SPIRA's MFCC at window edges, where the per-window STFT
                  pads by reflection and this one sees the neighbouring samples.
  librosa         soundfile.read on the WAV bytes, mean over channels, librosa.resample if needed,
                  then librosa.feature.mfcc on each window with the equivalent parameters below
                  (periodic Hann of 400 centred in n_fft 1200, reflect padding, power 2, 40 HTK
                  mel filters without area normalisation from 0 to 8000 Hz, power_to_db with
                  its defaults ref 1, amin 1e-10, top_db 80, orthonormal DCT-II, 40 coefficients).
                  librosa builds its mel filterbank again on every call, as it does when used this way.

All transpose each window to frames x coefficients (401 x 40), the layout SPIRA stores.

Timing: the files' bytes are read into memory first; untimed warm-up passes over the first
--warmup items, repeated for --warmup-seconds (as the Java rows do); then --repetitions timed
passes over the whole list, keeping the one with the smallest wall time. Output lines
(key=value, space-separated):
  peer-info    impl, library versions
  peer-dump    (with --dump PATH) the first recording of the workload that has windows, and how
               many windows of 401 x 40 little-endian float32 values were written to PATH, so that
               the caller can compare them with its own MFCC
  peer-result  impl, audio_s, windows, wall_s, cpu_s (process CPU time), threads, checksum
"""

import argparse
import io
import os
import sys
import time
import wave

# One thread for every numerical library, set before any of them is imported.
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[_var] = "1"

import numpy as np  # noqa: E402

RATE = 16000
WINDOW = 64000
STEP = 16000
N_MFCC = 40
HOP = 160
FRAMES = WINDOW // HOP + 1
MEL_KWARGS = {"n_fft": 1200, "win_length": 400, "hop_length": HOP, "n_mels": 40}
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
        return waveform.shape[1] / rate, self.to_rate(waveform.mean(dim=0), rate)

    def to_rate(self, mono, rate):
        if rate != RATE:
            if rate not in self.resamplers:
                self.resamplers[rate] = self.torchaudio.transforms.Resample(rate, RATE)
            mono = self.resamplers[rate](mono)
        return mono.contiguous()

    def windows(self, samples):
        return [self.mfcc(samples[s:s + WINDOW]).transpose(0, 1).contiguous().numpy()
                for s in window_starts(samples.shape[0])]

    def featurize(self, wav):
        with self.torch.inference_mode():
            seconds, samples = self.decode(wav)
            return seconds, self.windows(samples)


class PyTorchWindowFrontEnd(TorchaudioFrontEnd):
    name = "pytorch-window"

    def decode(self, wav):
        with wave.open(io.BytesIO(wav)) as reader:
            if reader.getsampwidth() != 2:
                raise ValueError("pytorch rows decode PCM16 WAV only; this file has %d-byte samples"
                                 % reader.getsampwidth())
            rate, channels, frames = reader.getframerate(), reader.getnchannels(), reader.getnframes()
            pcm = np.frombuffer(reader.readframes(frames), dtype="<i2").reshape(-1, channels)
        samples = self.torch.from_numpy(pcm.astype(np.float32)).mean(dim=1) / 32768.0
        return frames / rate, self.to_rate(samples, rate)


class PyTorchStftFrontEnd(PyTorchWindowFrontEnd):
    name = "pytorch-stft"

    def windows(self, samples):
        count = len(window_starts(samples.shape[0]))
        if count == 0:
            return []
        mel = self.mfcc.MelSpectrogram(samples)  # n_mels x frames of the whole recording
        # windows x 1 x n_mels x 401: amplitude_to_DB takes top_db per window over its last 3 dims
        sliced = mel.unfold(1, FRAMES, STEP // HOP)[:, :count].permute(1, 0, 2).unsqueeze(1)
        mfcc = self.torch.matmul(self.mfcc.amplitude_to_DB(sliced).transpose(-1, -2), self.mfcc.dct_mat)
        return list(mfcc.squeeze(1).contiguous().numpy())


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

    def windows(self, samples):
        return [np.ascontiguousarray(self.librosa.feature.mfcc(y=samples[s:s + WINDOW], **LIBROSA_MFCC).T)
                for s in window_starts(samples.shape[0])]

    def featurize(self, wav):
        seconds, samples = self.decode(wav)
        return seconds, self.windows(samples)


FRONT_ENDS = {front_end.name: front_end for front_end in
              (TorchaudioFrontEnd, PyTorchWindowFrontEnd, PyTorchStftFrontEnd, LibrosaFrontEnd)}


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Python peers of FeaturizationBenchmark")
    parser.add_argument("--impl", required=True, choices=sorted(FRONT_ENDS))
    parser.add_argument("--root", required=True, help="folder the listed paths are relative to")
    parser.add_argument("--list", required=True, help="workload: one path per line, in order, repeats allowed")
    parser.add_argument("--repetitions", type=int, default=3, help="timed passes; the fastest is kept")
    parser.add_argument("--warmup", type=int, default=24, help="items of each untimed warm-up pass")
    parser.add_argument("--warmup-seconds", type=float, default=10.0,
                        help="repeat warm-up passes until this many seconds have passed (at least one pass)")
    parser.add_argument("--dump", help="write the windows of the workload's first recording with windows here")
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


def dump_first_windows(front_end, paths, data, target):
    """Writes the windows of the first recording in paths that has any; returns its path and count."""
    for path in paths:
        windows = front_end.featurize(data[path])[1]
        if windows:
            np.asarray(windows, dtype="<f4").tofile(target)
            return {"recording": path, "windows": len(windows)}
    sys.exit("bench_peers.py: no recording of the workload has a whole window")


def line(kind, fields):
    return kind + " " + " ".join("%s=%s" % (key, value) for key, value in fields.items())


def main(argv):
    args = parse_args(argv)
    paths, data = load_workload(args.root, args.list)
    front_end = FRONT_ENDS[args.impl]()
    print(line("peer-info", dict(impl=args.impl, python=sys.version.split()[0], **front_end.versions())), flush=True)
    if args.dump:
        print(line("peer-dump", dict(impl=args.impl, **dump_first_windows(front_end, paths, data, args.dump))),
              flush=True)
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
