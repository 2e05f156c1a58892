# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # SPIRA MFCC features: a first look
#
# Reads the features written by `bin/demo` (one `.npy` per recording, float32
# `[windows, 401, 40]`, with a `.json` lineage file beside it) and plots:
# 1. one recording's first window, clean and with ward noise, as frames x coefficients;
# 2. how many 4 s windows the recordings give;
# 3. the mean of each coefficient over all clean windows, clean against noisy.
#
# Run headless: `python notebooks-exported/mfcc_features.py FEATURES_DIR PLOTS_DIR`.

# %%
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

features = Path(sys.argv[1] if len(sys.argv) > 1 else "target/demo")
plots = Path(sys.argv[2] if len(sys.argv) > 2 else features / "plots")
plots.mkdir(parents=True, exist_ok=True)


def load(variant):
    """Maps each recording's relative path (no extension) to its feature array."""
    root = features / variant
    return {str(p.relative_to(root).with_suffix("")): np.load(p) for p in sorted(root.rglob("*.npy"))}


clean, noisy = load("clean"), load("noisy")
print(f"{len(clean)} clean and {len(noisy)} noisy recordings from {features}")

# %%
name = next(k for k, v in clean.items() if len(v) > 1)
lineage = json.loads((features / "noisy" / f"{name}.json").read_text())
pair = [("clean", clean[name]), ("noisy variant 1", noisy[name])]
# One colour scale for both panels, so that they can be compared.
low, high = np.percentile(np.concatenate([a[0].ravel() for _, a in pair]), [1, 99])
fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
for ax, (title, array) in zip(axes, pair):
    image = ax.imshow(array[0].T, aspect="auto", origin="lower", cmap="magma", vmin=low, vmax=high)
    ax.set_title(f"{title}, window 0")
    ax.set_xlabel("frame (10 ms hop)")
axes[0].set_ylabel("MFCC coefficient")
fig.colorbar(image, ax=axes, label="value")
noise = ", ".join(f"{d['id']} @ {d['amplitude']:.3f}" for d in lineage["noise"])
fig.suptitle(f"{name}  (noise: {noise})", fontsize=8)
fig.savefig(plots / "window0_clean_vs_noisy.png", dpi=100)

# %%
counts = np.array([len(v) for v in clean.values()])
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.hist(counts, bins=np.arange(counts.max() + 2) - 0.5)
ax.set_xlabel("4 s windows per recording (1 s step)")
ax.set_ylabel("recordings")
ax.set_title(f"{counts.sum()} windows from {len(counts)} recordings")
fig.tight_layout()
fig.savefig(plots / "windows_per_recording.png", dpi=100)

# %%
def coefficient_means(arrays):
    return np.concatenate([a.reshape(-1, a.shape[-1]) for a in arrays.values()]).mean(axis=0)


fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(coefficient_means(clean), label="clean")
ax.plot(coefficient_means(noisy), label="noisy variant 1")
ax.set_xlabel("MFCC coefficient")
ax.set_ylabel("mean over all frames")
ax.legend()
fig.tight_layout()
fig.savefig(plots / "coefficient_means.png", dpi=100)
print(f"plots written to {plots}")
