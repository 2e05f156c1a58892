"""What an Airflow metadata database (SQLite) recorded of a DAG's runs, for AirflowDagIT; read
with the standard library, not through Airflow.

  airflow_runs.py AIRFLOW_DB DAG_ID
      prints one JSON line: {"runs": [...]} in logical-date order, each with its run_id, state,
      tasks ({task_id: {"state", "try_number", "summary" (its XCom return_value parsed: the
      stage's JSON summary, null without one)}}) and dataset_events ({dataset uri: count}, the events its tasks emitted)
"""

import json
import sqlite3
import sys


def summary(value):
    """An XCom value as Airflow's default backend stores it: the JSON of the returned string,
    here a stage's JSON summary line."""
    return None if value is None else json.loads(json.loads(value))


def runs(db: str, dag_id: str) -> list:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    result = []
    for run_id, state in connection.execute(
        "SELECT run_id, state FROM dag_run WHERE dag_id = ? ORDER BY execution_date", (dag_id,)
    ):
        tasks = {
            task: {"state": task_state, "try_number": tries, "summary": summary(value)}
            for task, task_state, tries, value in connection.execute(
                "SELECT t.task_id, t.state, t.try_number, x.value FROM task_instance t"
                " LEFT JOIN xcom x ON x.dag_id = t.dag_id AND x.run_id = t.run_id"
                " AND x.task_id = t.task_id AND x.map_index = t.map_index AND x.key = 'return_value'"
                " WHERE t.dag_id = ? AND t.run_id = ?",
                (dag_id, run_id),
            )
        }
        events = dict(
            connection.execute(
                "SELECT d.uri, count(*) FROM dataset_event e JOIN dataset d ON d.id = e.dataset_id"
                " WHERE e.source_dag_id = ? AND e.source_run_id = ? GROUP BY d.uri",
                (dag_id, run_id),
            )
        )
        result.append({"run_id": run_id, "state": state, "tasks": tasks, "dataset_events": events})
    return result


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(json.dumps({"runs": runs(sys.argv[1], sys.argv[2])}))
