#!/usr/bin/python3
"""PyTorch reference trainer: a whole training of SpiraConvV2 as dl4j-model's Trainer runs it.

The other side of the learning comparison (spark-jobs' ReferenceComparison, docs/training.md, "Learning like
the reference"). It reads the features and splits tables itself through delta-rs at the pinned
versions, derives the train, validation and test recordings and the class weights from them, and
takes from Deeplearning4j only what must be identical for the runs to be comparable: the initial
weights and the minibatch plan of every epoch (EpochPlan). Dropout is off on both sides.

Same loss (class-weighted BCE, w_c = n / (2 n_c) over the training windows, mean over the
minibatch's windows), Adam with coupled weight decay (torch.optim.Adam(weight_decay)), SPIRA's
Noam schedule stepped after every minibatch, and the Trainer's validation loss (eval mode, the
mean over the two classes of each class's mean BCE, p clipped to [1e-5, 1 - 1e-5], in float64).

Input, in DIR (written by ReferenceComparison):
  comparison.json   tables (URIs, Delta versions, storage options), the feature version, the
                    window shape and the optimizer settings
  plans.json        per epoch, the minibatches in training order, each a list of recording ids
                    whose clean windows (variant 0) it holds, in window order
  init/<name>.npy   the initial parameters, PyTorch names and shapes (TorchParameters)
Output: DIR/torch.json: per-epoch train loss (the mean over minibatches of the loss plus the L2
term, as Deeplearning4j's score counts it) and validation loss, and the final model's mean window
probability per test recording.
"""

import argparse
import json
import os
import pathlib
import sys
import time

import numpy as np
import pyarrow.compute as pc
import torch
from deltalake import DeltaTable
from torch import nn

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from spira_conv_reference import NoamLR, SpiraConvV2  # noqa: E402

CLIP = 1e-5


def read_tables(spec):
    """Clean windows by recording (float32 [windows, 1, T, F], in window order), labels, split of each."""
    storage = spec.get("storage_options") or None
    features = DeltaTable(spec["features_uri"], version=spec["features_version"], storage_options=storage)
    rows = features.to_pyarrow_table(
        columns=["recording_id", "subject_key", "label", "variant", "window_index", "mfcc", "feature_version"],
        filters=[("feature_version", "=", spec["feature_version"]), ("variant", "=", 0)])
    splits = DeltaTable(spec["splits_uri"], version=spec["splits_version"], storage_options=storage)
    split_of = dict(zip(*(splits.to_pyarrow_table(columns=["subject_key", "split"]).column(c).to_pylist()
                          for c in ("subject_key", "split"))))
    rows = rows.sort_by([("recording_id", "ascending"), ("window_index", "ascending")])
    shape = (1, spec["frames"], spec["coefficients"])
    mfcc = pc.list_flatten(rows.column("mfcc")).to_numpy().astype(np.float32).reshape((-1,) + shape)
    windows, labels, split = {}, {}, {}
    ids = rows.column("recording_id").to_pylist()
    subjects = rows.column("subject_key").to_pylist()
    row_labels = rows.column("label").to_pylist()
    start = 0
    for end in range(1, len(ids) + 1):
        if end == len(ids) or ids[end] != ids[start]:
            windows[ids[start]] = torch.from_numpy(mfcc[start:end].copy())
            labels[ids[start]] = row_labels[start]
            split[ids[start]] = split_of.get(subjects[start])
            start = end
    return windows, labels, split


def class_weights(train, windows, labels):
    counts = [0, 0]
    for rid in train:
        counts[labels[rid]] += windows[rid].shape[0]
    n = counts[0] + counts[1]
    return torch.tensor([n / (2.0 * counts[0]), n / (2.0 * counts[1])], dtype=torch.float32)


def batch(ids, windows, labels):
    x = torch.cat([windows[rid] for rid in ids])
    y = torch.cat([torch.full((windows[rid].shape[0], 1), float(labels[rid])) for rid in ids])
    return x, y


def validation_loss(model, ids, windows, labels, per_batch):
    """The Trainer's Validator: recordings sorted by id, K per batch, per-class means averaged."""
    loss, count = np.zeros(2), np.zeros(2)
    ordered = sorted(ids)
    with torch.no_grad():
        for i in range(0, len(ordered), per_batch):
            x, y = batch(ordered[i:i + per_batch], windows, labels)
            p = model(x).double().clamp(CLIP, 1 - CLIP).squeeze(1).numpy()
            y = y.squeeze(1).numpy().astype(int)
            for c in (0, 1):
                chosen = y == c
                loss[c] -= np.log(p[chosen] if c == 1 else 1 - p[chosen]).sum()
                count[c] += chosen.sum()
    present = count > 0
    return float(np.mean(loss[present] / count[present]))


def test_probabilities(model, ids, windows):
    with torch.no_grad():
        return {rid: float(model(windows[rid]).double().mean()) for rid in sorted(ids)}


def l2_term(model, weight_decay):
    """What Deeplearning4j adds to a minibatch's score for coupled L2: (decay / 2) * sum of p^2."""
    with torch.no_grad():
        return 0.5 * weight_decay * sum(float((p.double() ** 2).sum()) for p in model.parameters())


def train(spec, plans, init, windows, labels, split):
    frames, coefficients = spec["frames"], spec["coefficients"]
    model = SpiraConvV2(frames, coefficients, 0.0)
    names = model.state_dict().keys()
    model.load_state_dict({n: torch.from_numpy(np.load(init / f"{n}.npy")) for n in names}, strict=True)
    train_ids = sorted(r for r, s in split.items() if s == "train")
    planned = sorted(r for minibatch in plans[0] for r in minibatch)
    if planned != train_ids:
        raise SystemExit(f"the plan's {len(planned)} recordings are not the {len(train_ids)} of the train split")
    weights = class_weights(train_ids, windows, labels)
    optimizer = torch.optim.Adam(model.parameters(), lr=spec["learning_rate"], betas=tuple(spec["betas"]),
                                 eps=spec["epsilon"], weight_decay=spec["weight_decay"])
    scheduler = NoamLR(optimizer, spec["warmup_steps"])
    validation = [r for r, s in split.items() if s == "validation"]
    result = {"torch": torch.__version__, "threads": torch.get_num_threads(), "train_loss": [],
              "validation_loss": [], "epoch_seconds": []}
    for epoch, minibatches in enumerate(plans):
        started, losses = time.monotonic(), []
        model.train()
        for ids in minibatches:
            x, y = batch(ids, windows, labels)
            optimizer.zero_grad()
            loss = (weights[y.long()] * nn.functional.binary_cross_entropy(model(x), y, reduction="none")).mean()
            loss.backward()
            losses.append(loss.item() + l2_term(model, spec["weight_decay"]))
            optimizer.step()
            scheduler.step()
        model.eval()
        result["train_loss"].append(float(np.mean(losses)))
        result["validation_loss"].append(validation_loss(model, validation, windows, labels,
                                                         spec["recordings_per_batch"]))
        result["epoch_seconds"].append(time.monotonic() - started)
        print(f"spira_reference_trainer: epoch {epoch} validation loss {result['validation_loss'][-1]:.6f}",
              flush=True)
    result["test_probabilities"] = test_probabilities(model, [r for r, s in split.items() if s == "test"], windows)
    return result


def main():
    parser = argparse.ArgumentParser(description="PyTorch reference trainer for the learning comparison")
    parser.add_argument("--dir", required=True, type=pathlib.Path, help="exchange directory (see module doc)")
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    spec = json.loads((args.dir / "comparison.json").read_text())
    plans = json.loads((args.dir / "plans.json").read_text())
    windows, labels, split = read_tables(spec)
    result = train(spec, plans, args.dir / "init", windows, labels, split)
    (args.dir / "torch.json").write_text(json.dumps(result, indent=1))
    sys.stdout.flush()
    # delta-rs may abort the interpreter at exit after its work is done: leave without teardown.
    os._exit(0)


if __name__ == "__main__":
    main()
