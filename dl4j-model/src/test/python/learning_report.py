"""The learning comparison's report: bin/learning-vs-reference's result.json as Markdown and a plot.

  python learning_report.py RESULT.json OUTDIR   (Markdown on stdout, OUTDIR/learning-vs-reference.png)

Per epoch: both frameworks' train and validation losses and their gap; on the test split: each
framework's per-recording ROC AUC (mean window probability per recording) with DeLong's 95 % CI.
"""

import json
import math
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def delong(positives, negatives):
    """ROC AUC of scores (patient class positive) and its DeLong 95 % CI."""
    pos, neg = np.asarray(positives, float), np.asarray(negatives, float)
    psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    auc = psi.mean()
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    se = math.sqrt(v10.var(ddof=1) / len(pos) + v01.var(ddof=1) / len(neg))
    return auc, max(0.0, auc - 1.959964 * se), min(1.0, auc + 1.959964 * se)


def test_auc(run, labels):
    scores = run["testProbability"]
    return delong([scores[r] for r, y in labels.items() if y == 1], [scores[r] for r, y in labels.items() if y == 0])


def plot(result, out):
    dl4j, torch = result["dl4j"], result["torch"]
    epochs = np.arange(len(dl4j["validationLoss"]))
    gap = np.abs(np.array(dl4j["validationLoss"]) - np.array(torch["validationLoss"]))
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 6.5), sharex=True, height_ratios=[2, 1])
    top.plot(epochs, dl4j["validationLoss"], "o-", label="validation, Deeplearning4j")
    top.plot(epochs, torch["validationLoss"], "x--", label=f"validation, PyTorch {result['torch_version']}")
    top.plot(epochs, dl4j["trainLoss"], "-", alpha=0.5, label="train (weighted BCE + L2 term), Deeplearning4j")
    top.plot(epochs, torch["trainLoss"], "--", alpha=0.5, label="train (weighted BCE + L2 term), PyTorch")
    top.set_ylabel("BCE, nats per window")
    top.legend(fontsize=8)
    top.set_title("SpiraConvV2, same weights, plans and data; dropout off")
    bottom.semilogy(epochs, np.maximum(gap, 1e-9), "o-", color="black")
    bottom.set_ylabel("|validation loss gap|")
    bottom.set_xlabel("epoch")
    fig.tight_layout()
    fig.savefig(out / "learning-vs-reference.png", dpi=110)


def main():
    result = json.loads(Path(sys.argv[1]).read_text())
    out = Path(sys.argv[2])
    dl4j, torch, labels = result["dl4j"], result["torch"], result["test_label"]
    plot(result, out)
    settings = result["settings"]
    print(f"Epochs {len(dl4j['validationLoss'])}, warmup {settings['spira.train.warmup-steps']} minibatches, "
          f"{settings['spira.train.recordings-per-batch']} recordings per minibatch, learning rate "
          f"{settings['spira.train.learning-rate']}, weight decay {settings['spira.train.weight-decay']}, seed "
          f"{settings['spira.train.seed']}, dropout {settings['spira.train.dropout']}; PyTorch "
          f"{result['torch_version']}; both trainings {result['seconds']:.0f} s.\n")
    print("| epoch | train DL4J | train PyTorch | validation DL4J | validation PyTorch | gap | relative gap |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for e, (a, b) in enumerate(zip(dl4j["validationLoss"], torch["validationLoss"])):
        print(f"| {e} | {dl4j['trainLoss'][e]:.5f} | {torch['trainLoss'][e]:.5f} | {a:.6f} | {b:.6f} "
              f"| {abs(a - b):.2e} | {abs(a - b) / abs(b):.2e} |")
    probability_gap = max(abs(dl4j["testProbability"][r] - torch["testProbability"][r]) for r in labels)
    patients = sum(labels.values())
    print(f"\nTest split: {len(labels)} recordings ({patients} female, {len(labels) - patients} male), final"
          f" epoch's models, per-recording ROC AUC of the mean window probability (DeLong 95 % CI):\n")
    print("| framework | ROC AUC | 95 % CI |")
    print("|---|---:|---|")
    for name, run in (("Deeplearning4j", dl4j), (f"PyTorch {result['torch_version']}", torch)):
        auc, low, high = test_auc(run, labels)
        print(f"| {name} | {auc:.4f} | [{low:.4f}, {high:.4f}] |")
    print(f"\nLargest gap between the frameworks' test recording probabilities: {probability_gap:.2e}.")
    seconds = np.mean(dl4j["epochSeconds"]), np.mean(torch["epochSeconds"])
    print(f"Mean epoch time (training and validation): Deeplearning4j {seconds[0]:.1f} s, PyTorch {seconds[1]:.1f} s.")


if __name__ == "__main__":
    main()
