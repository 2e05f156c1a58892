"""The SPIRA pipeline as an Airflow DAG: ingest, featurize, split, train, evaluate and score (the
champion on every recording it has not scored yet), each task one `bin/submit` of its stage
(docs/operations.md).

The warehouse comes from the environment when the file is parsed (SPIRA_WAREHOUSE, e.g.
s3a://spira-warehouse/prod), because its Delta tables are the tasks' Datasets and a Dataset's URI
is fixed when the DAG is parsed. A run's parameters: `manifest` (ingest's manifest URI, required),
`config` (a profile, default conf/minio.conf) and `set` (["key=value", ...], passed as --set).
The Spark and S3 environment (`bin/services env`) and SPIRA_SUBJECT_KEY are inherited by the
stages, never passed on a command line.

A stage's exit status decides what Airflow does: 0 success (the JSON summary is the task's XCom),
1 (runtime or storage) and 4 (a table it writes is leased by another run that outlived
spira.leases.wait-seconds) a retry with exponential backoff, 2 (usage or configuration) and 3 (a
data-quality gate) a failure without retries.
"""

import os
import subprocess
import threading
from datetime import timedelta
from pathlib import Path

import pendulum
from airflow import DAG
from airflow.datasets import Dataset
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.models.baseoperator import BaseOperator, chain
from airflow.models.param import Param

ROOT = Path(__file__).resolve().parents[2]
WAREHOUSE = os.environ.get("SPIRA_WAREHOUSE", "")
if not WAREHOUSE:
    raise ValueError("SPIRA_WAREHOUSE is not set: the warehouse URI, e.g. s3a://spira-warehouse/prod")


def table(name: str) -> Dataset:
    return Dataset(f"{WAREHOUSE.rstrip('/')}/{name}")


# (stage, extra arguments, the Delta tables it writes), in order: adding a stage is one line.
STAGES = [
    ("ingest", ["--manifest", "{{ params.manifest }}"], ["recordings", "rejected", "ingest_runs"]),
    ("featurize", [], ["features", "rejected", "feature_stats"]),
    ("split", [], ["splits"]),
    ("train", [], ["training_membership"]),
    ("evaluate", [], []),
    ("score", [], ["predictions", "rejected"]),
]

NO_RETRY = {2: "usage or configuration error", 3: "data-quality gate failed"}
RETRIED = {1: "runtime or storage error", 4: "a table it writes is leased by another run"}


class StageOperator(BaseOperator):
    """Runs `bin/submit STAGE --warehouse W --config C [--set k=v]... ARGUMENTS`; its output goes
    to the task log, its last stdout line (the JSON summary) to XCom."""

    template_fields = ("arguments",)

    def __init__(self, *, stage: str, arguments: list, **kwargs):
        super().__init__(task_id=stage, **kwargs)
        self.stage = stage
        self.arguments = arguments

    def execute(self, context):
        params = context["params"]
        command = [str(ROOT / "bin/submit"), self.stage, "--warehouse", WAREHOUSE]
        command += ["--config", str(ROOT / params["config"])]
        for setting in params["set"]:
            command += ["--set", setting]
        command += self.arguments
        self.log.info("running %s", " ".join(command))
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        stderr = threading.Thread(target=self._log_lines, args=(process.stderr, None))
        stderr.start()
        stdout = []
        self._log_lines(process.stdout, stdout)
        stderr.join()
        status = process.wait()
        if status == 0:
            return stdout[-1] if stdout else None
        message = f"{self.stage} exited with status {status}"
        if status in NO_RETRY:
            raise AirflowFailException(f"{message} ({NO_RETRY[status]}): not retried")
        raise AirflowException(f"{message} ({RETRIED.get(status, 'unexpected status')}): retried")

    def _log_lines(self, stream, keep: list | None):
        for line in stream:
            line = line.rstrip("\n")
            self.log.info("%s", line)
            if line and keep is not None:
                keep.append(line)


with DAG(
    dag_id="spira_pipeline",
    description="ingest a manifest, featurize, split, train, evaluate and score with the champion",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    params={
        "manifest": Param(type="string", minLength=1, description="ingest's manifest URI"),
        "config": Param("conf/minio.conf", type="string", description="profile, relative to the repository"),
        "set": Param([], type="array", items={"type": "string"}, description="key=value overrides"),
    },
    default_args={
        "retries": 3,
        "retry_delay": timedelta(minutes=1),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(minutes=30),
    },
) as dag:
    chain(
        *[
            StageOperator(stage=stage, arguments=arguments, outlets=[table(name) for name in tables])
            for stage, arguments, tables in STAGES
        ]
    )
