# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # The feature and prediction tables, read without Spark
#
# Reads the Delta tables a pipeline run wrote (`recordings`, `features`, `splits`,
# `rejected`, `feature_stats` once `featurize` writes it, and `predictions` once `score` has run)
# with delta-rs (`deltalake`) and queries them with DuckDB, as an analyst would: no JVM, no Spark.
# Prints one JSON line of counts (used by the test suite to check the tables against Spark's own
# reading) and writes three plots: the feature windows per split, the MFCC coefficients'
# statistics per class, and the distribution of the predicted probabilities per model version.
#
# Run headless: `python notebooks-exported/feature_table_queries.py WAREHOUSE PLOTS_DIR`, where
# WAREHOUSE is a local path or an `s3a://bucket/prefix` URI; for the latter the endpoint and
# credentials come from the environment the stages use (`eval "$(bin/services env)"`:
# SPIRA_S3_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION).

# %%
import json
import os
import sys
from pathlib import Path

import duckdb
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from deltalake import DeltaTable  # noqa: E402

warehouse = sys.argv[1].rstrip("/")
plots = Path(sys.argv[2] if len(sys.argv) > 2 else Path(warehouse) / "plots")
plots.mkdir(parents=True, exist_ok=True)
storage = {}
if warehouse.startswith(("s3a://", "s3://")):
    # delta-rs speaks s3://; MinIO on loopback is plain HTTP with path-style buckets (its default)
    warehouse = "s3://" + warehouse.split("://", 1)[1]
    storage = {"AWS_ENDPOINT_URL": os.environ["SPIRA_S3_ENDPOINT"], "AWS_ALLOW_HTTP": "true"}
    storage |= {key: os.environ[key] for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY") if key in os.environ}
    storage["AWS_REGION"] = os.environ.get("AWS_REGION", "us-east-1")

tables = {
    name: DeltaTable(f"{warehouse}/{name}", storage_options=storage or None)
    for name in ["recordings", "features", "splits", "rejected"]
}
recordings = tables["recordings"].to_pyarrow_table()
# DuckDB queries in-memory Arrow tables, never a delta-rs dataset: DuckDB scanning a dataset whose
# files delta-rs serves made about one run in fifteen abort at interpreter exit ("terminate called
# without an active exception", status 134) after printing its results. The projection leaves out
# the mfcc column, so memory stays small however many windows the table holds.
features = tables["features"].to_pyarrow_table(
    columns=["recording_id", "subject_key", "label", "variant", "feature_version"])
splits = tables["splits"].to_pyarrow_table()
rejected = tables["rejected"].to_pyarrow_table()

# %% Windows per feature version, split and class, clean variant only
# A features table may hold several feature versions (one per feature spec, e.g. 4 s and 3 s
# windows), each counted apart; a version is shown by the first 8 digits of its hash.
per_split = duckdb.sql(
    """
    SELECT left(f.feature_version, 8) AS version, s.split,
           CASE f.label WHEN 1 THEN 'patient' ELSE 'control' END AS class,
           count(*) AS windows, count(DISTINCT f.recording_id) AS recordings
    FROM features f JOIN splits s USING (subject_key)
    WHERE f.variant = 0
    GROUP BY ALL ORDER BY ALL
    """
).fetchall()
for version, split, label, windows, count in per_split:
    print(f"{version} {split:10s} {label:8s} {windows:6d} windows from {count:4d} recordings", file=sys.stderr)

# %% Why recordings were rejected
reasons = duckdb.sql("SELECT reason, count(*) FROM rejected GROUP BY reason ORDER BY 2 DESC").fetchall()

# %% A plot of the first query
fig, ax = plt.subplots(figsize=(6, 3.5))
labels = [f"{v}\n{s}\n{c}" for v, s, c, _, _ in per_split]
ax.bar(labels, [w for _, _, _, w, _ in per_split])
ax.set_ylabel("clean windows")
ax.set_title("Feature windows per feature version, split and class")
fig.tight_layout()
fig.savefig(plots / "windows_per_split.png", dpi=100)

# %% [markdown]
# ## MFCC coefficients per class
#
# `feature_stats` holds, per `features` version, feature version, class and variant, each MFCC
# coefficient's mean, standard deviation and values at the ranks 0, 0.01, ..., 1 over every
# frame, and the recordings behind them. For the latest `features` version of each feature
# version: per coefficient and class of the clean variant, the mean with a band of one standard
# deviation, and the median with the 5-95 % band; and per class and variant, the recordings,
# windows, median duration and sample rates. A warehouse written before `featurize` made
# statistics has no such table.

# %%
stats_counts = {}
if DeltaTable.is_deltatable(f"{warehouse}/feature_stats", storage_options=storage or None):
    tables["feature_stats"] = DeltaTable(f"{warehouse}/feature_stats", storage_options=storage or None)
    feature_stats = tables["feature_stats"].to_pyarrow_table(
        columns=["features_version", "feature_version", "label", "variant", "recordings", "windows", "frames",
                 "coefficient_mean", "coefficient_std", "coefficient_percentiles", "duration_s_quantiles",
                 "sample_rates"])
    query = duckdb.sql(
        """
        SELECT feature_version, features_version, variant, label,
               CASE label WHEN 1 THEN 'patient' ELSE 'control' END AS class,
               recordings, windows, frames, duration_s_quantiles[4] AS median_duration_s, sample_rates,
               coefficient_mean, coefficient_std, coefficient_percentiles
        FROM feature_stats
        QUALIFY features_version = max(features_version) OVER (PARTITION BY feature_version)
        ORDER BY feature_version, variant, label
        """
    )
    latest = [dict(zip(query.columns, row)) for row in query.fetchall()]
    for r in latest:
        print(f"{r['feature_version'][:8]} at features v{r['features_version']} variant {r['variant']}"
              f" {r['class']:8s} {r['recordings']:4d} recordings {r['windows']:6d} windows,"
              f" median duration {r['median_duration_s']:.1f} s, recordings per sample rate {dict(r['sample_rates'])}",
              file=sys.stderr)
        for name in ["recordings", "windows", "frames"]:
            stats_counts[f"{r['feature_version']} variant {r['variant']} label {r['label']} {name}"] = r[name]

    # the clean variant: one row of two plots per feature version, coefficient index on x; the y
    # axis is linear within +-10 and logarithmic beyond, or coefficient 0 (about -100) flattens the rest
    clean = [r for r in latest if r["variant"] == 0]
    versions = sorted({r["feature_version"] for r in clean})
    fig, axes = plt.subplots(max(len(versions), 1), 2, figsize=(11, 3.5 * max(len(versions), 1)), squeeze=False)
    for (left, right), version in zip(axes, versions):
        rows = [r for r in clean if r["feature_version"] == version]
        for r in rows:
            x = range(len(r["coefficient_mean"]))
            mean, sd, percentiles = r["coefficient_mean"], r["coefficient_std"], r["coefficient_percentiles"]
            line = left.plot(x, mean, marker=".", label=f"{r['class']} (recordings: {r['recordings']})")[0]
            left.fill_between(x, [m - s for m, s in zip(mean, sd)], [m + s for m, s in zip(mean, sd)],
                              color=line.get_color(), alpha=0.2)
            right.plot(x, [p[50] for p in percentiles], marker=".", color=line.get_color(), label=r["class"])
            right.fill_between(x, [p[5] for p in percentiles], [p[95] for p in percentiles],
                               color=line.get_color(), alpha=0.2)
        title = f"{version[:8]} (features v{rows[0]['features_version']}), clean"
        left.set_title(f"{title}: mean and +-1 sd", fontsize=10)
        right.set_title(f"{title}: median and 5-95 %", fontsize=10)
        for ax in (left, right):
            ax.set_yscale("symlog", linthresh=10)
            ax.set_xlabel("MFCC coefficient")
            ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(plots / "coefficients_per_class.png", dpi=100)

# %% [markdown]
# ## Predicted probabilities per model version
#
# `predictions` holds one row per recording a model version scored: its patient probability
# (the mean of its windows'), and the class the version's threshold gives it. A warehouse where
# `score` has not run yet has no such table. Joined to `recordings`, each version's predictions
# are shown against the manifest's label.

# %%
scored_by_version = {}
if DeltaTable.is_deltatable(f"{warehouse}/predictions", storage_options=storage or None):
    tables["predictions"] = DeltaTable(f"{warehouse}/predictions", storage_options=storage or None)
    predictions = tables["predictions"].to_pyarrow_table(
        columns=["recording_id", "model_name", "model_version", "probability", "predicted_label", "threshold"])
    per_version = duckdb.sql(
        """
        SELECT p.model_name || ' v' || p.model_version AS version, count(*) AS recordings,
               avg(p.probability) AS mean_probability, sum(p.predicted_label) AS predicted_patients,
               sum(CASE WHEN p.predicted_label = r.label THEN 1 ELSE 0 END) AS agreeing_with_label
        FROM predictions p JOIN recordings r USING (recording_id)
        GROUP BY ALL ORDER BY ALL
        """
    ).fetchall()
    for version, count, mean, patients, agreeing in per_version:
        print(f"{version}: {count} recordings scored, mean probability {mean:.3f}, {patients} predicted patients,"
              f" {agreeing} agreeing with the manifest's label", file=sys.stderr)
        scored_by_version[version] = count
    fig, ax = plt.subplots(figsize=(6, 3.5))
    bins = [i / 20 for i in range(21)]
    for (version,) in duckdb.sql("SELECT DISTINCT model_name || ' v' || model_version FROM predictions ORDER BY 1").fetchall():
        values = [row[0] for row in duckdb.sql(
            "SELECT probability FROM predictions WHERE model_name || ' v' || model_version = ?", params=[version]).fetchall()]
        ax.hist(values, bins=bins, histtype="step", linewidth=1.5, label=f"{version} ({len(values)})")
    threshold = duckdb.sql("SELECT min(threshold) FROM predictions").fetchall()[0][0]
    ax.axvline(threshold, color="grey", linestyle="--", linewidth=1, label=f"threshold {threshold:g}")
    ax.set_xlim(0, 1)
    ax.set_xlabel("predicted patient probability")
    ax.set_ylabel("recordings")
    ax.set_title("Predicted probabilities per model version")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(plots / "probabilities_per_version.png", dpi=100)

# %% One line for machines
print(json.dumps({
    **{f"{name}_version": table.version() for name, table in tables.items()},
    "recordings_rows": recordings.num_rows,
    "features_rows": duckdb.sql("SELECT count(*) FROM features").fetchall()[0][0],
    "splits_rows": splits.num_rows,
    "rejected_rows": rejected.num_rows,
    "feature_versions": [row[0] for row in duckdb.sql("SELECT DISTINCT feature_version FROM features").fetchall()],
    "rejected_by_reason": dict(reasons),
    "predictions_rows": sum(scored_by_version.values()),
    "scored_by_version": scored_by_version,
    "feature_stats_rows": feature_stats.num_rows if "feature_stats" in tables else 0,
    "feature_stats_latest": stats_counts,
}))
