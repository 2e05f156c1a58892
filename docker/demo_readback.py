"""Reads back, from the host, what the compose demo made (bin/test-docker): its Delta tables on
MinIO with delta-rs and DuckDB, its registered model through the MLflow server's REST API and the
model's artifacts on MinIO with pyarrow's S3 client; no JVM, no Spark.

  demo_readback.py METADATA.csv PER_SUBJECT s3a://spira-warehouse/NAME MLFLOW_URL MODEL

Expects every stage's result for the manifest bin/demo makes from METADATA.csv with
--per-subject PER_SUBJECT: every listed recording either in `recordings` or rejected by ingest,
each recording featurized (clean and one noisy variant) or rejected by featurize, every subject
in one split, every featurized recording scored by the champion, whose MLflow run finished and
whose artifacts are on MinIO. Prints one JSON line of counts (no identifiers); exits 1 naming
the first check that failed. The endpoint and credentials come from the environment
(SPIRA_S3_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION); never printed.
"""

import csv
import json
import os
import sys
import urllib.parse
import urllib.request
from collections import Counter
from urllib.parse import urlparse

import duckdb
from deltalake import DeltaTable
from pyarrow import fs


def fail(message: str) -> None:
    print(f"demo_readback: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition: bool, message: str) -> None:
    if not condition:
        fail(message)


def listed_recordings(metadata: str, per_subject: int) -> int:
    seen: Counter = Counter()
    with open(metadata, newline="") as f:
        for row in csv.DictReader(f):
            seen[row["subject_id"]] += 1
    return sum(min(n, per_subject) if per_subject else n for n in seen.values())


def mlflow(base: str, path: str, **params) -> dict:
    url = f"{base}/api/2.0/mlflow/{path}?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def main(metadata: str, per_subject: str, warehouse: str, mlflow_url: str, model: str) -> None:
    endpoint = os.environ["SPIRA_S3_ENDPOINT"]
    options = {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ALLOW_HTTP": "true",
        "AWS_ACCESS_KEY_ID": os.environ["AWS_ACCESS_KEY_ID"],
        "AWS_SECRET_ACCESS_KEY": os.environ["AWS_SECRET_ACCESS_KEY"],
        "AWS_REGION": os.environ.get("AWS_REGION", "us-east-1"),
    }
    root = warehouse.replace("s3a://", "s3://", 1).rstrip("/")
    db = duckdb.connect()
    for table in ("recordings", "rejected", "features", "splits", "predictions"):
        db.register(table, DeltaTable(f"{root}/{table}", storage_options=options).to_pyarrow_dataset())

    def one(sql: str):
        return db.execute(sql).fetchone()

    listed = listed_recordings(metadata, int(per_subject))
    recordings, distinct = one("select count(*), count(distinct recording_id) from recordings")
    ingest_rejects = one("select count(*) from rejected where stage = 'ingest'")[0]
    check(recordings > 0 and recordings == distinct, f"recordings: {recordings} rows, {distinct} distinct ids")
    check(recordings + ingest_rejects == listed,
          f"ingest accounted for {recordings} + {ingest_rejects} of the manifest's {listed} recordings")

    featurized = one("select count(distinct recording_id) from features")[0]
    variants = [r[0] for r in db.execute("select distinct variant from features order by 1").fetchall()]
    featurize_rejects = one("select count(distinct recording_id) from rejected where stage = 'featurize'")[0]
    orphans = one("select count(*) from features f anti join recordings r using (recording_id)")[0]
    duplicates = one("""select count(*) from (select recording_id, feature_version, variant, window_index
                        from features group by all having count(*) > 1)""")[0]
    windows = one("select count(*) from features")[0]
    check(variants == [0, 1], f"features: variants {variants}, expected the clean one and one noisy")
    check(featurized + featurize_rejects == recordings,
          f"featurize accounted for {featurized} + {featurize_rejects} of {recordings} recordings")
    check(orphans == 0 and duplicates == 0, f"features: {orphans} rows of no recording, {duplicates} keys twice")

    subjects = one("select count(distinct subject_key) from recordings")[0]
    split_rows, split_subjects = one("select count(*), count(distinct subject_key) from splits")
    splits = dict(db.execute("select split, count(*) from splits group by 1").fetchall())
    check(split_rows == split_subjects == subjects, f"splits: {split_rows} rows for {subjects} subjects")
    check(set(splits) == {"train", "validation", "test"}, f"splits: {sorted(splits)}")

    champion = mlflow(mlflow_url, "registered-models/alias", name=model, alias="champion")["model_version"]
    run = mlflow(mlflow_url, "runs/get", run_id=champion["run_id"])["run"]
    check(champion["status"] == "READY", f"model {model} version {champion['version']}: {champion['status']}")
    check(run["info"]["status"] == "FINISHED", f"the champion's run: {run['info']['status']}")
    metrics = {m["key"] for m in run["data"].get("metrics", [])}
    check(metrics, "the champion's run has no metrics")

    predicted, predicted_distinct, versions = one(
        "select count(*), count(distinct recording_id), list(distinct model_version) from predictions")
    unknown = one("select count(*) from predictions p anti join recordings r using (recording_id)")[0]
    check(predicted == predicted_distinct == featurized,
          f"predictions: {predicted} rows, {predicted_distinct} recordings, {featurized} featurized")
    check(unknown == 0 and [int(v) for v in versions] == [int(champion["version"])],
          f"predictions: {unknown} of no recording, model versions {versions}")

    # the run's artifacts, stored by the server's proxy under s3://spira-mlflow/artifacts/
    artifact_uri = run["info"]["artifact_uri"]
    check(artifact_uri.startswith("mlflow-artifacts:/"), f"artifact uri {artifact_uri}")
    s3 = fs.S3FileSystem(endpoint_override=urlparse(endpoint).netloc, scheme=urlparse(endpoint).scheme,
                         access_key=options["AWS_ACCESS_KEY_ID"], secret_key=options["AWS_SECRET_ACCESS_KEY"],
                         region=options["AWS_REGION"])
    prefix = "spira-mlflow/artifacts/" + artifact_uri[len("mlflow-artifacts:/"):].strip("/")
    objects = [f for f in s3.get_file_info(fs.FileSelector(prefix, recursive=True)) if f.type == fs.FileType.File]
    check(objects, f"no artifact of the champion's run under s3://{prefix}")

    print(json.dumps({
        "listed": listed, "recordings": recordings, "ingest_rejects": ingest_rejects, "subjects": subjects,
        "splits": splits, "featurized": featurized, "featurize_rejects": featurize_rejects, "windows": windows,
        "model": model, "champion_version": int(champion["version"]), "run_metrics": len(metrics),
        "artifact_objects": len(objects), "artifact_bytes": sum(f.size for f in objects), "predictions": predicted,
    }, sort_keys=True))


if __name__ == "__main__":
    if len(sys.argv) != 6:
        fail("usage: demo_readback.py METADATA.csv PER_SUBJECT s3a://BUCKET/WAREHOUSE MLFLOW_URL MODEL")
    main(*sys.argv[1:])
    # delta-rs can abort the interpreter at exit ("terminate called without an active exception",
    # status 134) after the work is done: flush and leave without running its teardown (as
    # spark-jobs/src/test/python/s3_warehouse.py does)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
