"""The cluster integration test's independent side: S3 and Delta through other clients than the
jobs' own (pyarrow's S3 file system, delta-rs, DuckDB), no JVM.

  s3_warehouse.py upload LOCAL_DIR s3a://BUCKET/PREFIX
      copies every file under LOCAL_DIR to the prefix, keeping relative paths
  s3_warehouse.py inspect s3a://BUCKET/WAREHOUSE SPEC.json FORBIDDEN.txt
      prints one JSON line: per table (SPEC: {"tables": {name: [key columns]}}) its version, row
      count, distinct key count, field names and, for features and rejected, counts by variant and
      by reason; then every object under the warehouse in which a line of FORBIDDEN.txt occurs
      (raw bytes, and the decoded string values of every Parquet column), with the numbers of
      the lines found, not the lines; with recordings and splits in SPEC, also the recordings
      with feature rows of the train and validation subjects (what a model trained on these
      versions learned from)
      (with "feature_version" in SPEC, of that feature version only)
  s3_warehouse.py scan s3a://BUCKET/PREFIX FORBIDDEN.txt
      prints one JSON line: the objects under the prefix in which a line of FORBIDDEN.txt occurs,
      as inspect does for a warehouse
  s3_warehouse.py query s3a://BUCKET/WAREHOUSE SPEC.json
      prints one JSON line {"rows": [...]}: DuckDB's answer to SPEC's "sql" over SPEC's "tables"
      ({name: [columns]}, read with delta-rs at their latest versions), one object per row
  s3_warehouse.py delete s3a://BUCKET/KEY
      deletes one object (a test's way to lose an audio object)

The endpoint and credentials come from the environment (SPIRA_S3_ENDPOINT, AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_REGION), as for the jobs; they are never printed.
"""

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from deltalake import DeltaTable
from pyarrow import fs


def s3() -> fs.S3FileSystem:
    endpoint = urlparse(os.environ["SPIRA_S3_ENDPOINT"])
    return fs.S3FileSystem(
        endpoint_override=endpoint.netloc,
        scheme=endpoint.scheme,
        access_key=os.environ["AWS_ACCESS_KEY_ID"],
        secret_key=os.environ["AWS_SECRET_ACCESS_KEY"],
        region=os.environ.get("AWS_REGION", "us-east-1"),
    )


def delta_options() -> dict:
    return {
        "AWS_ENDPOINT_URL": os.environ["SPIRA_S3_ENDPOINT"],
        "AWS_ALLOW_HTTP": "true",
        "AWS_ACCESS_KEY_ID": os.environ["AWS_ACCESS_KEY_ID"],
        "AWS_SECRET_ACCESS_KEY": os.environ["AWS_SECRET_ACCESS_KEY"],
        "AWS_REGION": os.environ.get("AWS_REGION", "us-east-1"),
    }


def bucket_path(uri: str) -> str:
    """s3a://bucket/prefix -> bucket/prefix (pyarrow's S3 paths)."""
    parsed = urlparse(uri)
    return parsed.netloc + parsed.path.rstrip("/")


def upload(local: Path, uri: str) -> None:
    store, root = s3(), bucket_path(uri)
    files = sorted(p for p in local.rglob("*") if p.is_file())
    for path in files:
        with store.open_output_stream(f"{root}/{path.relative_to(local).as_posix()}") as out:
            out.write(path.read_bytes())
    print(json.dumps({"uploaded": len(files)}))


def delta_table(uri: str, name: str) -> DeltaTable:
    return DeltaTable(uri.replace("s3a://", "s3://", 1) + "/" + name, storage_options=delta_options())


def arrow(table: DeltaTable, columns: list) -> pa.Table:
    """The columns in memory. DuckDB is never handed a delta-rs dataset: scanning one made about one
    process in fifteen abort at exit ("terminate called without an active exception")."""
    return table.to_pyarrow_table(columns=columns)


def table_facts(uri: str, name: str, key: list) -> dict:
    table = delta_table(uri, name)
    extra = {"features": ["variant"], "rejected": ["reason"]}.get(name, [])
    duckdb.register("t", arrow(table, list(dict.fromkeys(key + extra))))
    facts = {
        "version": table.version(),
        "rows": duckdb.sql("SELECT count(*) FROM t").fetchall()[0][0],
        "distinct_keys": duckdb.sql(f"SELECT count(*) FROM (SELECT DISTINCT {', '.join(key)} FROM t)").fetchall()[0][0],
        "fields": [field.name for field in table.schema().to_arrow()],
    }
    if name == "features":
        facts["rows_by_variant"] = {str(v): n for v, n in duckdb.sql("SELECT variant, count(*) FROM t GROUP BY 1").fetchall()}
    if name == "rejected":
        facts["rows_by_reason"] = dict(duckdb.sql("SELECT reason, count(*) FROM t GROUP BY 1").fetchall())
    duckdb.unregister("t")
    return facts


def strings(array: pa.Array):
    """Every string or binary leaf of a (possibly nested) column, as string arrays."""
    kind = array.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        yield array
    elif pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
        yield pc.cast(array, pa.large_string(), safe=False)
    elif pa.types.is_list(kind) or pa.types.is_large_list(kind):
        yield from strings(pc.list_flatten(array))
    elif pa.types.is_map(kind):
        yield from strings(array.keys)
        yield from strings(array.items)
    elif pa.types.is_struct(kind):
        for i in range(kind.num_fields):
            yield from strings(array.field(i))


def leaks(store: fs.S3FileSystem, root: str, forbidden: list) -> tuple:
    """Objects under root holding a forbidden string, and how many objects were scanned."""
    found, objects = [], store.get_file_info(fs.FileSelector(root, recursive=True))
    needles = [text.encode() for text in forbidden]
    for info in (o for o in objects if o.type == fs.FileType.File):
        with store.open_input_file(info.path) as handle:
            data = handle.read()
        hits = {i for i, needle in enumerate(needles) if needle in data}
        if info.path.endswith(".parquet"):
            table = pq.read_table(pa.BufferReader(data))
            for column in table.columns:
                for chunk in column.chunks:
                    for values in strings(chunk):
                        hits |= {i for i, t in enumerate(forbidden) if pc.any(pc.match_substring(values, t)).as_py()}
        if hits:
            # line numbers (0-based) of FORBIDDEN.txt, never the strings themselves
            found.append({"object": info.path, "lines": sorted(hits)})
    return found, sum(o.type == fs.FileType.File for o in objects)


def learned_recordings(uri: str, feature_version) -> dict:
    """Recordings with feature rows (of feature_version, when given) of train and validation
    subjects, by split, from the latest table versions (a recording too short for the features'
    window has none)."""
    for name, columns in (
        ("recordings", ["recording_id", "subject_key"]),
        ("splits", ["subject_key", "split"]),
        ("features", ["recording_id", "feature_version"]),
    ):
        duckdb.register(name, arrow(delta_table(uri, name), columns))
    of_version = "" if feature_version is None else " WHERE feature_version = ?"
    counts = dict(duckdb.execute(
        "SELECT s.split, count(*) FROM recordings r JOIN splits s USING (subject_key)"
        " WHERE s.split IN ('train', 'validation')"
        f" AND r.recording_id IN (SELECT recording_id FROM features{of_version}) GROUP BY 1",
        [] if feature_version is None else [feature_version]).fetchall())
    for name in ("recordings", "splits", "features"):
        duckdb.unregister(name)
    return counts


def forbidden_lines(forbidden_file: Path) -> list:
    return [line for line in forbidden_file.read_text().splitlines() if line.strip()]


def inspect(uri: str, spec_file: Path, forbidden_file: Path) -> None:
    spec = json.loads(spec_file.read_text())
    tables = {name: table_facts(uri, name, key) for name, key in spec["tables"].items()}
    facts = {"tables": tables}
    if {"recordings", "splits"} <= tables.keys():
        facts["learned_recordings"] = learned_recordings(uri, spec.get("feature_version"))
    found, scanned = leaks(s3(), bucket_path(uri), forbidden_lines(forbidden_file))
    print(json.dumps(facts | {"objects_scanned": scanned, "objects_with_forbidden_strings": found}))


def scan(uri: str, forbidden_file: Path) -> None:
    found, scanned = leaks(s3(), bucket_path(uri), forbidden_lines(forbidden_file))
    print(json.dumps({"objects_scanned": scanned, "objects_with_forbidden_strings": found}))


def query(uri: str, spec_file: Path) -> None:
    spec = json.loads(spec_file.read_text())
    for name, columns in spec["tables"].items():
        duckdb.register(name, arrow(delta_table(uri, name), columns))
    result = duckdb.sql(spec["sql"])
    names = result.columns
    rows = [dict(zip(names, row)) for row in result.fetchall()]
    for name in spec["tables"]:
        duckdb.unregister(name)
    print(json.dumps({"rows": rows}, default=str))


def delete(uri: str) -> None:
    s3().delete_file(bucket_path(uri))
    print(json.dumps({"deleted": 1}))


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "upload" and len(sys.argv) == 4:
        upload(Path(sys.argv[2]), sys.argv[3])
    elif command == "inspect" and len(sys.argv) == 5:
        inspect(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
    elif command == "scan" and len(sys.argv) == 4:
        scan(sys.argv[2], Path(sys.argv[3]))
    elif command == "query" and len(sys.argv) == 4:
        query(sys.argv[2], Path(sys.argv[3]))
    elif command == "delete" and len(sys.argv) == 3:
        delete(sys.argv[2])
    else:
        sys.exit(__doc__)
    # delta-rs can abort the interpreter at exit ("terminate called without an active exception",
    # status 134) after the work is done: flush and leave without running its teardown
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
