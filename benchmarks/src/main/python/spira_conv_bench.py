#!/usr/bin/python3
"""Training throughput of the PyTorch reference SpiraConvV2 (spira_conv_reference.py) on the
minibatches the Java TrainingBenchmark wrote, for its "PyTorch" rows.

Input, in DIR (float32 .npy): batch-<k>-inputs.npy [windows, 1, T, F] and batch-<k>-labels.npy
[windows, 1], k = 0, 1, ... in training order. They are trained --warmup-epochs times untimed
(warming allocators and kernel caches, as a training's first epoch does), then once more timed. Training as the paper (section 6): dropout 0.7, BCE, Adam(1e-3, 0.9, 0.999,
1e-8, weight_decay 0.01) on SPIRA's NoamLR (warmup 1000), one optimizer step per minibatch.
Prints one line: threads, timed windows, timed wall seconds, torch version. With --profile, the timed steps run
under torch.profiler and the report is its table of operators by self CPU time, per minibatch.
"""

import argparse
import pathlib
import sys
import time

import numpy as np
import torch
from torch import nn

# The model and schedule of the equivalence tests, next to them in dl4j-model.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[4] / "dl4j-model" / "src" / "test" / "python"))
from spira_conv_reference import NoamLR, SpiraConvV2  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description="SpiraConvV2 training throughput in PyTorch")
    parser.add_argument("--dir", required=True, type=pathlib.Path, help="folder of batch-<k>-*.npy")
    parser.add_argument("--threads", required=True, type=int, help="torch intra-op threads")
    parser.add_argument("--warmup-epochs", required=True, type=int, help="untimed passes over the minibatches")
    parser.add_argument("--profile", action="store_true", help="print torch.profiler's operator table")
    return parser.parse_args()


def load_batches(folder):
    batches = []
    while (folder / f"batch-{len(batches)}-inputs.npy").exists():
        k = len(batches)
        batches.append((torch.from_numpy(np.load(folder / f"batch-{k}-inputs.npy")),
                        torch.from_numpy(np.load(folder / f"batch-{k}-labels.npy"))))
    return batches


def step(model, optimizer, scheduler, inputs, labels):
    optimizer.zero_grad()
    nn.BCELoss()(model(inputs), labels).backward()
    optimizer.step()
    scheduler.step()


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    # Denormal weights and moments appear after some epochs and slow CPU kernels by about 15 %:
    # flushing them to zero is how PyTorch is run for speed on a CPU.
    torch.set_flush_denormal(True)
    torch.manual_seed(0)
    batches = load_batches(args.dir)
    if not batches:
        raise SystemExit(f"{args.dir} holds no minibatches")
    model = SpiraConvV2(batches[0][0].shape[2], batches[0][0].shape[3], 0.7).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
    scheduler = NoamLR(optimizer, 1000)
    for _ in range(args.warmup_epochs):
        for inputs, labels in batches:
            step(model, optimizer, scheduler, inputs, labels)
    timed = batches
    if args.profile:
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as profiler:
            for inputs, labels in timed:
                step(model, optimizer, scheduler, inputs, labels)
        print(f"{len(timed)} minibatches; totals below are over all of them")
        print(profiler.key_averages().table(sort_by="self_cpu_time_total", row_limit=30))
        return
    started = time.perf_counter()
    for inputs, labels in timed:
        step(model, optimizer, scheduler, inputs, labels)
    seconds = time.perf_counter() - started
    print(f"{args.threads} {sum(int(b[0].shape[0]) for b in timed)} {seconds:.6f} {torch.__version__}")


if __name__ == "__main__":
    main()
