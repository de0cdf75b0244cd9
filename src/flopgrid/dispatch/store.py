"""Dispatch runs in the run store: ``dispatch_runs`` and ``dispatch_sites`` tables.

Same DuckDB file, locking and short-lived connections as :class:`RunStore`; a run is
recorded in one transaction after its folder is written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..results.store import DEFAULT_STORE, RunStore, StoreError
from .result import DispatchResult

_SCHEMA = """
CREATE TABLE IF NOT EXISTS dispatch_runs (
    run_id VARCHAR PRIMARY KEY,
    scenario VARCHAR NOT NULL,
    source VARCHAR,
    year INTEGER,
    weeks JSON,
    hours INTEGER,
    status VARCHAR NOT NULL,
    objective_usd DOUBLE,
    cost_usd DOUBLE,
    energy_twh DOUBLE,
    emissions_mt DOUBLE,
    utilisation DOUBLE,
    curtailment_twh DOUBLE,
    unserved_h100e_hours DOUBLE,
    unserved_share DOUBLE,
    variables BIGINT,
    constraints BIGINT,
    timings JSON,
    folder VARCHAR NOT NULL,
    created TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS dispatch_sites (
    run_id VARCHAR NOT NULL, site VARCHAR NOT NULL,
    compute_h100e DOUBLE, utilisation DOUBLE, energy_twh DOUBLE, grid_import_twh DOUBLE,
    curtailment_twh DOUBLE, cost_usd DOUBLE, emissions_mt DOUBLE,
    peak_facility_power_gw DOUBLE,
    PRIMARY KEY (run_id, site)
);
"""

_SITE_FIELDS = (
    "compute_h100e",
    "utilisation",
    "energy_twh",
    "grid_import_twh",
    "curtailment_twh",
    "cost_usd",
    "emissions_mt",
    "peak_facility_power_gw",
)


class DispatchStore(RunStore):
    """The run store, with dispatch runs."""

    def __init__(self, path: Path | str = DEFAULT_STORE) -> None:
        super().__init__(path)

    def record_dispatch(self, result: DispatchResult) -> str:
        """Record a saved dispatch run (its folder must exist); return its id."""
        if result.path is None or not Path(result.path).exists():
            raise StoreError("save the dispatch run's files before recording it")
        meta, summary = result.meta, result.summary
        totals = summary["totals"]
        run_id = meta["run_id"]
        row = (
            run_id,
            meta["scenario"],
            meta["source"],
            meta["year"],
            json.dumps(meta.get("weeks", [])),
            summary["hours"],
            meta["status"],
            meta["objective_usd"],
            totals["cost_usd"],
            totals["energy_twh"],
            totals["emissions_mt"],
            totals["utilisation"],
            totals["curtailment_twh"],
            totals["unserved_h100e_hours"],
            totals["unserved_share"],
            meta["model_size"]["variables"],
            meta["model_size"]["constraints"],
            json.dumps(meta.get("timings_s", {})),
            str(Path(result.path).resolve()),
            meta["created"].replace("T", " ").rstrip("Z"),
        )
        site_rows = [
            (run_id, site, *(float(info[f]) for f in _SITE_FIELDS))
            for site, info in summary["by_site"].items()
        ]
        with self._connect(write=True) as con:
            con.execute(_SCHEMA)
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute(f"INSERT INTO dispatch_runs VALUES ({', '.join('?' * len(row))})", row)
                if site_rows:
                    marks = ", ".join("?" * len(site_rows[0]))
                    con.executemany(f"INSERT INTO dispatch_sites VALUES ({marks})", site_rows)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return run_id

    def list_dispatch(self) -> pd.DataFrame:
        """Recorded dispatch runs, oldest first (empty if none)."""
        if not self.path.exists():
            return pd.DataFrame()
        with self._connect(write=False) as con:
            tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
            if "dispatch_runs" not in tables:
                return pd.DataFrame()
            return con.execute(
                "SELECT run_id, scenario, year, hours, status, cost_usd, emissions_mt, "
                "utilisation, unserved_share, created FROM dispatch_runs ORDER BY created"
            ).df()
