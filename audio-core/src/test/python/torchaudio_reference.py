#!/usr/bin/python3
"""Reference implementation of SPIRA's audio front end with torchaudio semantics.

This is the oracle for the Java parity tests (SPIRA.md section 3). It runs under Debian's
/usr/bin/python3 with python3-torch 1.13 and python3-torchaudio 0.13.1 and imports nothing
beyond torch, torchaudio, numpy and the standard library.

Pipeline, per input file:
  1. torchaudio.load(path): float32 in [-1, 1] (normalize=True), shape [channels, samples].
  2. Down-mix: mean over channels (SPIRA v1 assumed mono; we average).
  3. torchaudio.transforms.Resample(sr, 16000) with its defaults (sinc interpolation with a
     squared-cosine window, lowpass_filter_width 6, rolloff 0.99) when sr != 16000.
  4. Windows of 64000 samples (4 s) every 16000 samples (1 s); the incomplete tail is dropped.
     Count = floor((N - 64000) / 16000) + 1 for N >= 64000, else 0. SPIRA v1 excluded
     len(wav) from its loop end and produced ceil((N - 64000) / 16000) windows for N > 64000
     (one fewer when N - 64000 is a multiple of 16000; a 4.000 s file gave none).
  5. torchaudio.transforms.MFCC(sample_rate=16000, n_mfcc=40, log_mels=False,
     melkwargs={n_fft: 1200, win_length: 400, hop_length: 160, n_mels: 40}) applied to each
     window on its own, as a 1-D tensor: AmplitudeToDB's top_db = 80 clamp is then relative
     to that window's maximum (batching windows as a [W, 64000] tensor would share one
     maximum across all windows, which is not what v1 computed).
  6. Transpose each window's [40 coefficients, 401 frames] to [401 frames, 40 coefficients].

Outputs, per input, in --out DIR (key = path relative to --manifest-root, '/' -> '__',
extension dropped):
  <key>.wave.npy  float32 [samples_16k]            mono waveform after resampling
  <key>.mfcc.npy  float32 [windows, 401, 40]       [0, 401, 40] when there is no full window
and DIR/index.csv with columns key, path, source_rate, channels, samples_16k, windows
(path relative to the manifest root, '/'-separated).
"""

import argparse
import csv
import os
import sys
import time

import numpy as np
import torch
import torchaudio

TARGET_RATE = 16000
WINDOW_SAMPLES = 64000
STEP_SAMPLES = 16000
N_MFCC = 40
MEL_KWARGS = {"n_fft": 1200, "win_length": 400, "hop_length": 160, "n_mels": 40}
FRAMES_PER_WINDOW = WINDOW_SAMPLES // MEL_KWARGS["hop_length"] + 1
INDEX_COLUMNS = ["key", "path", "source_rate", "channels", "samples_16k", "windows"]


def parse_args(argv):
    parser = argparse.ArgumentParser(description="torchaudio reference features for SPIRA parity tests")
    parser.add_argument("--out", required=True, help="output directory (created if missing)")
    parser.add_argument("--manifest-root", default=os.getcwd(),
                        help="keys are input paths relative to this directory (default: working directory)")
    parser.add_argument("--list", help="file with one input path per line (in addition to FILE arguments)")
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads (default 1)")
    parser.add_argument("--quiet", action="store_true", help="print only the final summary line")
    parser.add_argument("files", nargs="*", metavar="FILE", help="audio file (WAV or Ogg Vorbis)")
    args = parser.parse_args(argv)
    if args.threads < 1:
        parser.error("--threads must be >= 1, got %d" % args.threads)
    return args


def input_paths(args):
    paths = list(args.files)
    if args.list:
        with open(args.list, encoding="utf-8") as listing:
            paths.extend(line.strip() for line in listing if line.strip())
    if not paths:
        sys.exit("torchaudio_reference.py: no input files (give FILE arguments or --list)")
    return paths


def relative_path(path, root):
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    if rel == os.curdir or rel.startswith(os.pardir + os.sep) or rel == os.pardir:
        sys.exit("torchaudio_reference.py: %s is not under --manifest-root %s" % (path, root))
    return rel.replace(os.sep, "/")


def key_of(rel_path):
    """Output file stem: the relative path with '/' -> '__' and the extension dropped."""
    stem, _ = os.path.splitext(rel_path)
    return stem.replace("/", "__")


class FrontEnd:
    """torchaudio load -> mono -> resample -> per-window MFCC, with transforms built once."""

    def __init__(self):
        self.mfcc = torchaudio.transforms.MFCC(
            sample_rate=TARGET_RATE, n_mfcc=N_MFCC, log_mels=False, melkwargs=MEL_KWARGS)
        self.resamplers = {}

    def resample(self, mono, source_rate):
        if source_rate == TARGET_RATE:
            return mono
        if source_rate not in self.resamplers:
            self.resamplers[source_rate] = torchaudio.transforms.Resample(source_rate, TARGET_RATE)
        return self.resamplers[source_rate](mono)

    def windows(self, wave):
        """MFCC per window: float32 array [windows, 401 frames, 40 coefficients]."""
        count = 0 if wave.numel() < WINDOW_SAMPLES else (wave.numel() - WINDOW_SAMPLES) // STEP_SAMPLES + 1
        out = np.zeros((count, FRAMES_PER_WINDOW, N_MFCC), dtype=np.float32)
        for w in range(count):
            start = w * STEP_SAMPLES
            coeffs = self.mfcc(wave[start:start + WINDOW_SAMPLES])  # [40, 401]
            out[w] = coeffs.transpose(0, 1).numpy()
        return out

    def process(self, path):
        waveform, source_rate = torchaudio.load(path)  # float32 [channels, samples]
        mono = waveform.mean(dim=0)
        with torch.no_grad():
            wave = self.resample(mono, source_rate).contiguous()
            mfcc = self.windows(wave)
        return source_rate, waveform.shape[0], wave.numpy().astype(np.float32, copy=False), mfcc


def write_index(out_dir, rows):
    tmp = os.path.join(out_dir, "index.csv.tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as index:
        writer = csv.writer(index, lineterminator="\n")
        writer.writerow(INDEX_COLUMNS)
        writer.writerows(rows)
    os.replace(tmp, os.path.join(out_dir, "index.csv"))


def main(argv):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    paths = input_paths(args)
    os.makedirs(args.out, exist_ok=True)
    front_end = FrontEnd()
    rows, seen = [], {}
    started = time.monotonic()
    for path in paths:
        rel = relative_path(path, args.manifest_root)
        key = key_of(rel)
        if key in seen:
            sys.exit("torchaudio_reference.py: %s and %s map to the same key %s" % (seen[key], path, key))
        seen[key] = path
        source_rate, channels, wave, mfcc = front_end.process(path)
        np.save(os.path.join(args.out, key + ".wave.npy"), wave)
        np.save(os.path.join(args.out, key + ".mfcc.npy"), mfcc)
        rows.append([key, rel, source_rate, channels, wave.shape[0], mfcc.shape[0]])
        if not args.quiet:
            print("%s: %d Hz x %d ch -> %d samples, %d windows" % (rel, source_rate, channels, wave.shape[0],
                                                                  mfcc.shape[0]))
    write_index(args.out, rows)
    elapsed = time.monotonic() - started
    print("torchaudio_reference: %d files, %d windows in %.1f s (torch %s, torchaudio %s, %d thread(s)) -> %s"
          % (len(rows), sum(r[5] for r in rows), elapsed, torch.__version__, torchaudio.__version__,
             args.threads, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
