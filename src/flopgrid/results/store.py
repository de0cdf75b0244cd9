"""The run store: every run recorded in one DuckDB file, queryable with SQL.

A run's files are written first (atomically, see :meth:`Result.save`), then the
run is recorded in a single transaction: a run is either fully in the store or
not at all. DuckDB allows one writing process per file, so writers take an
exclusive lock on ``<store>.lock`` and readers a shared one; connections are
short-lived, and two processes recording at once simply take turns.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd

from ..errors import FlopgridError
from .chips import chip_rows
from .result import Result

DEFAULT_STORE = Path("runs") / "flopgrid.duckdb"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    scenario VARCHAR NOT NULL,
    title VARCHAR,
    scenario_hash VARCHAR NOT NULL,
    overrides JSON,
    status VARCHAR NOT NULL,
    objective_usd DOUBLE,
    capex_usd DOUBLE,
    peak_accelerators DOUBLE,
    peak_facility_power_gw DOUBLE,
    energy_twh DOUBLE,
    emissions_mt DOUBLE,
    new_fabs DOUBLE,
    unserved_h100e_years DOUBLE,
    top_bottleneck VARCHAR,
    timings JSON,
    versions JSON,
    folder VARCHAR NOT NULL,
    created TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS run_years (
    run_id VARCHAR NOT NULL, year INTEGER NOT NULL,
    demand_h100e DOUBLE, delivered_h100e DOUBLE, unserved_h100e DOUBLE,
    accelerators DOUBLE, accelerators_built DOUBLE, it_power_gw DOUBLE,
    facility_power_gw DOUBLE, energy_twh DOUBLE, grid_import_twh DOUBLE, emissions_mt DOUBLE,
    capex_usd DOUBLE, new_fabs DOUBLE, fabs_in_service DOUBLE, construction_jobs DOUBLE,
    operations_jobs DOUBLE, land_km2 DOUBLE,
    PRIMARY KEY (run_id, year)
);
CREATE TABLE IF NOT EXISTS run_chips (
    run_id VARCHAR NOT NULL, year INTEGER NOT NULL,
    accelerators_built_h100e DOUBLE, accelerator_capex_usd DOUBLE,
    accelerators_retired_early DOUBLE, binding_supply VARCHAR,
    PRIMARY KEY (run_id, year)
);
CREATE TABLE IF NOT EXISTS run_pools (
    run_id VARCHAR NOT NULL, pool VARCHAR NOT NULL, year INTEGER NOT NULL,
    kind VARCHAR, used DOUBLE, available DOUBLE,
    PRIMARY KEY (run_id, pool, year)
);
CREATE TABLE IF NOT EXISTS run_sites (
    run_id VARCHAR NOT NULL, site VARCHAR NOT NULL, year INTEGER NOT NULL,
    country VARCHAR, region VARCHAR, accelerators DOUBLE, it_power_gw DOUBLE,
    facility_power_gw DOUBLE, energy_twh DOUBLE, grid_import_twh DOUBLE, emissions_mt DOUBLE,
    land_km2 DOUBLE,
    PRIMARY KEY (run_id, site, year)
);
CREATE TABLE IF NOT EXISTS run_tenants (
    run_id VARCHAR NOT NULL, tenant VARCHAR NOT NULL, cost_pv_usd DOUBLE,
    unserved_penalty_pv_usd DOUBLE, usd_per_h100e_year DOUBLE, usd_per_accelerator_hour DOUBLE,
    delivered_h100e_years DOUBLE, unserved_h100e_years DOUBLE,
    PRIMARY KEY (run_id, tenant)
);
CREATE TABLE IF NOT EXISTS run_members (
    run_id VARCHAR NOT NULL, member VARCHAR NOT NULL, capex_usd DOUBLE, opex_usd DOUBLE,
    revenue_usd DOUBLE, npv_usd DOUBLE, irr DOUBLE, payback_year INTEGER,
    PRIMARY KEY (run_id, member)
);
CREATE TABLE IF NOT EXISTS dispatch_sites (
    run_id VARCHAR NOT NULL, site VARCHAR NOT NULL,
    compute_h100e DOUBLE, utilisation DOUBLE, energy_twh DOUBLE, grid_import_twh DOUBLE,
    curtailment_twh DOUBLE, cost_usd DOUBLE, emissions_mt DOUBLE,
    peak_facility_power_gw DOUBLE,
    PRIMARY KEY (run_id, site)
);
CREATE TABLE IF NOT EXISTS run_bottlenecks (
    run_id VARCHAR NOT NULL, rank INTEGER NOT NULL, "constraint" VARCHAR, "where" VARCHAR,
    year INTEGER, value DOUBLE, unit VARCHAR, rent_usd DOUBLE, explanation VARCHAR,
    PRIMARY KEY (run_id, rank)
);
"""

_YEAR_FIELDS = (
    "demand_h100e",
    "delivered_h100e",
    "unserved_h100e",
    "accelerators",
    "accelerators_built",
    "it_power_gw",
    "facility_power_gw",
    "energy_twh",
    "grid_import_twh",
    "emissions_mt",
    "capex_usd",
    "new_fabs",
    "fabs_in_service",
    "construction_jobs",
    "operations_jobs",
    "land_km2",
)
_DISPATCH_SITE_FIELDS = (
    "compute_h100e",
    "utilisation",
    "energy_twh",
    "grid_import_twh",
    "curtailment_twh",
    "cost_usd",
    "emissions_mt",
    "peak_facility_power_gw",
)
_SITE_FIELDS = (
    "accelerators",
    "it_power_gw",
    "facility_power_gw",
    "energy_twh",
    "grid_import_twh",
    "emissions_mt",
    "land_km2",
)


class StoreError(FlopgridError):
    """A run store problem a user can act on (unknown id, bad SQL...)."""


class RunStore:
    """A DuckDB file of runs. Every method opens and closes its own connection."""

    def __init__(self, path: Path | str = DEFAULT_STORE) -> None:
        self.path = Path(path)

    @contextlib.contextmanager
    def _connect(self, write: bool) -> Iterator[duckdb.DuckDBPyConnection]:
        if not write and not self.path.exists():
            con = duckdb.connect(":memory:")
            con.execute(_SCHEMA)
            try:
                yield con
            finally:
                con.close()
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        with open(lock_path, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX if write else fcntl.LOCK_SH)
            try:
                con = duckdb.connect(str(self.path), read_only=not write)
                try:
                    if write:
                        con.execute(_SCHEMA)
                    yield con
                finally:
                    con.close()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def record(self, result: Result, kind: str | None = None) -> str:
        """Record a saved run, plan or dispatch (its folder must exist), in one
        transaction; return its id. ``kind`` labels the row (a sweep's runs say
        ``sweep``); it defaults to the result's own kind."""
        if result.path is None or not Path(result.path).exists():
            raise StoreError("save the run's files before recording it")
        rows = _dispatch_rows(result) if result.kind == "dispatch" else _plan_rows(result)
        row = rows.pop("runs")[0]
        if kind is not None:
            row = (row[0], kind, *row[2:])
        run_id = result.meta["run_id"]
        with self._connect(write=True) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute(f"INSERT INTO runs VALUES ({', '.join('?' * len(row))})", row)
                for table, table_rows in rows.items():
                    _insert(con, table, table_rows)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return run_id

    def find_hash(self, scenario_hash: str) -> list[dict]:
        """Completed runs of an identical resolved scenario (newest first)."""
        with self._connect(write=False) as con:
            df = con.execute(
                "SELECT run_id, folder, created FROM runs WHERE scenario_hash = ? "
                "ORDER BY created DESC",
                [scenario_hash],
            ).df()
        return df.to_dict("records")

    def list(self, scenario: str | None = None) -> pd.DataFrame:
        query = (
            "SELECT run_id, kind, scenario, status, objective_usd, capex_usd, peak_accelerators, "
            "peak_facility_power_gw, emissions_mt, new_fabs, created FROM runs"
        )
        params: list = []
        if scenario:
            query += " WHERE scenario = ?"
            params.append(scenario)
        with self._connect(write=False) as con:
            return con.execute(query + " ORDER BY created, run_id", params).df()

    def resolve(self, ref: str) -> dict:
        """The run row for an id or a unique id prefix."""
        with self._connect(write=False) as con:
            df = con.execute(
                "SELECT * FROM runs WHERE run_id = ? OR starts_with(run_id, ?) ORDER BY run_id",
                [ref, ref],
            ).df()
        exact = df[df["run_id"] == ref]
        if len(exact) == 1:
            return exact.iloc[0].to_dict()
        if len(df) == 1:
            return df.iloc[0].to_dict()
        if df.empty:
            raise StoreError(f"no run {ref!r} in {self.path}; see `flopgrid runs list`")
        raise StoreError(f"{ref!r} matches {len(df)} runs: {', '.join(df['run_id'][:5])}")

    def open(self, ref: str) -> Result:
        row = self.resolve(ref)
        return Result.load(Path(row["folder"]))

    def delete(self, ref: str, remove_files: bool = True) -> str:
        row = self.resolve(ref)
        run_id = row["run_id"]
        with self._connect(write=True) as con:
            con.execute("BEGIN TRANSACTION")
            for table in (
                "dispatch_sites",
                "run_bottlenecks",
                "run_tenants",
                "run_members",
                "run_sites",
                "run_chips",
                "run_pools",
                "run_years",
                "runs",
            ):
                con.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])
            con.execute("COMMIT")
        if remove_files:
            shutil.rmtree(row["folder"], ignore_errors=True)
        return run_id

    def sql(self, query: str) -> pd.DataFrame:
        """Run a read-only query (the connection itself refuses writes)."""
        try:
            with self._connect(write=False) as con:
                if not self.path.exists():
                    raise StoreError(f"no run store at {self.path} yet")
                return con.execute(query).df()
        except duckdb.Error as exc:
            raise StoreError(f"SQL error: {exc}") from None


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def _run_row(result: Result, totals: dict, top: str | None) -> tuple:
    """The ``runs`` row of a run (fields a kind lacks are null)."""
    meta = result.meta
    return (
        meta["run_id"],
        result.kind,
        meta["scenario"],
        meta.get("title", ""),
        meta["scenario_hash"],
        json.dumps(meta.get("overrides", [])),
        meta["status"],
        meta["objective_usd"],
        totals.get("capex_usd"),
        totals.get("peak_accelerators"),
        totals.get("peak_facility_power_gw"),
        totals.get("energy_twh"),
        totals.get("emissions_mt"),
        totals.get("new_fabs"),
        totals.get("unserved_h100e_years"),
        top,
        json.dumps(meta.get("timings_s", {})),
        json.dumps(meta.get("versions", {})),
        str(Path(result.path).resolve()),
        meta["created"].replace("T", " ").rstrip("Z"),
    )


def _dispatch_rows(result: Result) -> dict[str, list[tuple]]:
    summary, run_id = result.summary, result.meta["run_id"]
    totals = summary["totals"]
    top = (
        f"{totals['unserved_share']:.2%} of work unserved; utilisation {totals['utilisation']:.1%}"
    )
    return {
        "runs": [_run_row(result, totals, top)],
        "dispatch_sites": [
            (run_id, site, *(float(info[f]) for f in _DISPATCH_SITE_FIELDS))
            for site, info in summary["by_site"].items()
        ],
    }


def _plan_rows(result: Result) -> dict[str, list[tuple]]:
    meta, summary = result.meta, result.summary
    run_id = meta["run_id"]
    totals = summary["totals"]
    top = summary["bottlenecks"][0]["explanation"] if summary["bottlenecks"] else None
    years = summary["years"]
    year_rows = [
        (run_id, y, *(float(summary["by_year"][f][i]) for f in _YEAR_FIELDS))
        for i, y in enumerate(years)
    ]
    site_rows = []
    for site, info in summary["by_site"].items():
        for i, y in enumerate(years):
            site_rows.append(
                (
                    run_id,
                    site,
                    y,
                    info.get("country"),
                    info.get("region"),
                    *(float(info["by_year"][f][i]) for f in _SITE_FIELDS),
                )
            )
    neck_rows = [
        (
            run_id,
            i,
            b["constraint"],
            b["where"],
            b["year"],
            b["value"],
            b["unit"],
            b["rent_usd"],
            b["explanation"],
        )
        for i, b in enumerate(summary["bottlenecks"], start=1)
    ]
    tenant_rows = [
        (
            run_id,
            name,
            t["cost_pv_usd"],
            t["unserved_penalty_pv_usd"],
            t.get("usd_per_h100e_year"),
            t.get("usd_per_accelerator_hour"),
            sum(t.get("delivered_h100e", [])),
            sum(t.get("unserved_h100e", [])),
        )
        for name, t in summary.get("by_tenant", {}).items()
    ]
    member_rows = [
        (
            run_id,
            name,
            sum(m["capex_usd"]),
            sum(m["opex_usd"]),
            sum(m["revenue_usd"]),
            m["npv_usd"],
            m["irr"],
            m["payback_year"],
        )
        for name, m in summary.get("by_member", {}).items()
    ]
    return {
        "runs": [_run_row(result, totals, top)],
        **chip_rows(run_id, summary),
        "run_tenants": tenant_rows,
        "run_members": member_rows,
        "run_years": year_rows,
        "run_sites": site_rows,
        "run_bottlenecks": neck_rows,
    }
