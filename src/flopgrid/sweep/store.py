"""Sweep tables in the run store: one row per sweep and one per task.

The tables live in the same DuckDB file as the runs and are written under the same lock
(:class:`flopgrid.results.store.RunStore`), always from the sweep's parent process: workers
plan and write run folders; the parent records each run as its future completes. A task is
``pending`` until it is ``done`` (with its ``run_id``) or ``failed`` (with its ``error``), so
a stopped sweep resumes with exactly the tasks that are still pending.
"""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path

import duckdb
import pandas as pd

from ..errors import printable
from ..results.result import Result
from ..results.store import DEFAULT_STORE, RunStore, StoreError
from ..safety import name_problem
from .design import Task

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sweeps (
    sweep_id VARCHAR PRIMARY KEY,
    scenario VARCHAR NOT NULL,
    design JSON NOT NULL,
    seed INTEGER,
    n INTEGER NOT NULL,
    folder VARCHAR NOT NULL,
    created TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS sweep_tasks (
    sweep_id VARCHAR NOT NULL,
    task_no INTEGER NOT NULL,
    overrides JSON NOT NULL,
    point JSON,
    status VARCHAR NOT NULL,
    run_id VARCHAR,
    error VARCHAR,
    worker VARCHAR,
    attempts INTEGER DEFAULT 0,
    started TIMESTAMP,
    finished TIMESTAMP,
    timings JSON,
    PRIMARY KEY (sweep_id, task_no)
);
"""

PENDING, DONE, FAILED = "pending", "done", "failed"


def _stamp(t: float | None) -> str | None:
    return None if t is None else time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t))


def new_sweep_id(scenario: str) -> str:
    """Sortable, unique sweep id: ``sw-<UTC time>-<scenario>-<4 hex>``."""
    name = Path(scenario).stem
    name = name if name_problem(name) is None else "scenario"
    return f"sw-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}-{name}-{secrets.token_hex(2)}"


class SweepStore(RunStore):
    """The run store with its sweep tables (every method opens its own connection)."""

    def __init__(self, path: Path | str = DEFAULT_STORE) -> None:
        super().__init__(path)

    def _read(self, query: str, params: list) -> pd.DataFrame:
        with self._connect(write=False) as con:
            try:
                return con.execute(query, params).df()
            except duckdb.CatalogException:
                return pd.DataFrame()

    def create(self, sweep_id: str, scenario: str, design: dict, folder: Path, tasks: list[Task]):
        """Record a new sweep and all its tasks as pending, in one transaction."""
        rows = [
            (sweep_id, t.task_no, json.dumps(t.overrides), json.dumps(t.point), PENDING)
            for t in tasks
        ]
        with self._connect(write=True) as con:
            con.execute(_SCHEMA)
            con.execute("BEGIN TRANSACTION")
            con.execute(
                "INSERT INTO sweeps VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    sweep_id,
                    scenario,
                    json.dumps(design),
                    design.get("seed"),
                    len(tasks),
                    str(Path(folder).resolve()),
                    _stamp(time.time()),
                ],
            )
            con.executemany(
                "INSERT INTO sweep_tasks (sweep_id, task_no, overrides, point, status) "
                "VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            con.execute("COMMIT")

    def record_tasks(
        self, sweep_id: str, finished: list[tuple[Result | None, list[int], dict]]
    ) -> None:
        """Record finished tasks on one connection, in one transaction: for each, its new
        run (a Result, or None when it has none) and the task rows it answers (tasks with
        identical overrides share one run), marked with its ``status``, ``run_id``, ``error``,
        ``worker``, ``started`` and ``timings``."""
        with self._connect(write=True) as con:
            con.execute(_SCHEMA)
            con.execute("BEGIN TRANSACTION")
            try:
                for result, task_nos, fields in finished:
                    if result is not None:
                        self.write_run(con, result, kind="sweep")
                    for task_no in task_nos:
                        _finish(con, sweep_id, task_no, fields)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    def reset_failed(self, sweep_id: str) -> int:
        """Make failed tasks pending again (``--retry-failed``); return how many."""
        with self._connect(write=True) as con:
            con.execute(_SCHEMA)
            (n,) = con.execute(
                "SELECT count(*) FROM sweep_tasks WHERE sweep_id = ? AND status = ?",
                [sweep_id, FAILED],
            ).fetchone() or (0,)
            con.execute(
                "UPDATE sweep_tasks SET status = ?, error = NULL WHERE sweep_id = ? AND status = ?",
                [PENDING, sweep_id, FAILED],
            )
        return int(n)

    def sweep(self, ref: str) -> dict:
        """The sweep row for an id or unique id prefix, with ``design`` parsed."""
        problem = name_problem(ref)
        if problem:
            raise StoreError(f"{printable(repr(ref))} is not a sweep id or prefix: it {problem}")
        df = self._read(
            "SELECT * FROM sweeps WHERE sweep_id = ? OR starts_with(sweep_id, ?) ORDER BY sweep_id",
            [ref, ref],
        )
        if df.empty:
            raise StoreError(f"no sweep {ref!r} in {self.path}; see `flopgrid sweep list`")
        exact = df[df["sweep_id"] == ref]
        if len(exact) != 1 and len(df) > 1:
            more = f" and {len(df) - 5} more" if len(df) > 5 else ""
            raise StoreError(
                f"{ref!r} matches {len(df)} sweeps: {', '.join(df['sweep_id'][:5])}{more}; "
                "give more of the id"
            )
        row = (exact if len(exact) == 1 else df).iloc[0].to_dict()
        row["design"] = json.loads(row["design"])
        return row

    def tasks(self, sweep_id: str) -> pd.DataFrame:
        """Every task of a sweep, with its run's headline results where it has one."""
        df = self._read(
            "SELECT t.*, r.objective_usd, r.capex_usd, r.peak_accelerators, "
            "r.peak_facility_power_gw, r.energy_twh, r.emissions_mt, r.new_fabs, "
            "r.unserved_h100e_years, r.status AS run_status, r.scenario AS scenario_name "
            "FROM sweep_tasks t LEFT JOIN runs r ON t.run_id = r.run_id "
            "WHERE t.sweep_id = ? ORDER BY t.task_no",
            [sweep_id],
        )
        for col in ("overrides", "point", "timings"):
            if col in df:
                df[col] = df[col].map(lambda v: json.loads(v) if isinstance(v, str) else v)
        return df

    def bottlenecks(self, sweep_id: str) -> pd.DataFrame:
        """Binding limits of every finished run of a sweep (one row per run and family)."""
        return self._read(
            'SELECT t.task_no, b."constraint" AS family, sum(b.rent_usd) AS rent_usd, '
            "min(b.rank) AS rank FROM sweep_tasks t JOIN run_bottlenecks b ON t.run_id = b.run_id "
            'WHERE t.sweep_id = ? AND t.status = ? GROUP BY t.task_no, b."constraint"',
            [sweep_id, DONE],
        )

    def sweeps(self) -> pd.DataFrame:
        """Every sweep with its counts of done, failed and pending tasks."""
        return self._read(
            "SELECT s.sweep_id, s.scenario, s.n, s.created, "
            "count(*) FILTER (WHERE t.status = 'done') AS done, "
            "count(*) FILTER (WHERE t.status = 'failed') AS failed, "
            "count(*) FILTER (WHERE t.status = 'pending') AS pending "
            "FROM sweeps s LEFT JOIN sweep_tasks t USING (sweep_id) "
            "GROUP BY ALL ORDER BY s.created",
            [],
        )


def _finish(con: duckdb.DuckDBPyConnection, sweep_id: str, task_no: int, fields: dict) -> None:
    """Mark one finished task on an open write connection (``fields`` as
    :meth:`SweepStore.record_tasks` takes them)."""
    con.execute(
        "UPDATE sweep_tasks SET status = ?, run_id = ?, error = ?, worker = ?, "
        "attempts = attempts + 1, started = ?, finished = ?, timings = ? "
        "WHERE sweep_id = ? AND task_no = ?",
        [
            fields["status"],
            fields.get("run_id"),
            fields.get("error"),
            fields.get("worker"),
            _stamp(fields.get("started")),
            _stamp(time.time()),
            json.dumps(fields.get("timings") or {}),
            sweep_id,
            task_no,
        ],
    )
