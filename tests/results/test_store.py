"""The DuckDB run store: complete records, concurrent writers, interrupted runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

import flopgrid
from flopgrid.results.store import RunStore, StoreError
from flopgrid.workflow import run_plan

from ..conftest import CASES

CASE = CASES / "one_site.yaml"


def _cli(*args, env=None):
    cmd = [sys.executable, "-m", "flopgrid.cli", *map(str, args)]
    return subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
    )


def test_record_is_complete_and_queryable(tmp_path):
    store = tmp_path / "runs.duckdb"
    out = run_plan(CASE, ["discount_rate=0.05"], out=tmp_path / "r1", store=store, report=False)
    runs = RunStore(store)
    row = runs.resolve(out.run_id)
    assert row["status"] == "optimal" and row["scenario"] == "one-site"
    assert json.loads(row["overrides"]) == ["discount_rate=0.05"]
    years = runs.sql(f"SELECT * FROM run_years WHERE run_id = '{out.run_id}'")
    assert years["energy_twh"].tolist() == pytest.approx([8.4096])
    sites = runs.sql("SELECT site, it_power_gw FROM run_sites")
    assert sites["it_power_gw"].tolist() == pytest.approx([1.0])
    assert runs.open(out.run_id[:20]).objective_usd == pytest.approx(out.result.objective_usd)
    assert flopgrid.open_run(out.run_id, store=store).status == "optimal"


def test_chip_tables_hold_compute_shipped_spend_and_pools(tmp_path):
    store = tmp_path / "runs.duckdb"
    out = run_plan(CASE, out=tmp_path / "r1", store=store, report=False)
    runs = RunStore(store)
    chips = runs.sql(f"SELECT * FROM run_chips WHERE run_id = '{out.run_id}'")
    # one-site: 1 M accelerators of 1 h100e at 30 k USD, made in 2030
    assert chips["accelerators_built_h100e"].tolist() == pytest.approx([1e6])
    assert chips["accelerator_capex_usd"].tolist() == pytest.approx([30e9])
    assert chips["binding_supply"].tolist() == [None]
    pools = runs.sql(f"SELECT pool, kind, used FROM run_pools WHERE run_id = '{out.run_id}'")
    assert pools.to_dict("records") == [
        {"pool": "leading-edge", "kind": "logic", "used": pytest.approx(1e6 / 30)}
    ]
    runs.delete(out.run_id)
    assert runs.sql("SELECT count(*) AS n FROM run_chips")["n"].tolist() == [0]


def test_identical_resolved_scenario_is_detected(tmp_path):
    store = tmp_path / "runs.duckdb"
    first = run_plan(CASE, out=tmp_path / "a", store=store, report=False)
    again = run_plan(CASE, out=tmp_path / "b", store=store, report=False)
    assert again.repeated and again.run_id == first.run_id
    forced = run_plan(CASE, out=tmp_path / "c", store=store, report=False, force=True)
    assert not forced.repeated and forced.run_id != first.run_id
    assert len(RunStore(store).list()) == 2


def test_sql_is_read_only(tmp_path):
    store = tmp_path / "runs.duckdb"
    run_plan(CASE, out=tmp_path / "a", store=store, report=False)
    with pytest.raises(StoreError, match="read-only"):
        RunStore(store).sql("DELETE FROM runs")
    assert len(RunStore(store).list()) == 1


def test_delete_removes_record_and_files(tmp_path):
    store = tmp_path / "runs.duckdb"
    out = run_plan(CASE, out=tmp_path / "a", store=store, report=False)
    RunStore(store).delete(out.run_id)
    assert len(RunStore(store).list()) == 0
    assert RunStore(store).sql("SELECT count(*) AS n FROM run_years")["n"][0] == 0
    assert not out.folder.exists()


def test_two_processes_planning_into_one_store_lose_nothing(tmp_path):
    store = tmp_path / "runs.duckdb"
    procs = [
        _cli(
            "plan",
            CASE,
            "--set",
            f"discount_rate={rate}",
            "--store",
            store,
            "--out",
            tmp_path / "runs",
            "--no-report",
        )
        for rate in (0.05, 0.06)
    ]
    outputs = [p.communicate(timeout=300)[0].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    runs = RunStore(store)
    df = runs.list()
    assert len(df) == 2
    assert runs.sql("SELECT count(*) AS n FROM run_years")["n"][0] == 2
    for run_id in df["run_id"]:
        assert runs.open(run_id).status == "optimal"


def test_run_killed_between_files_and_record_leaves_store_consistent(tmp_path):
    store = tmp_path / "runs.duckdb"
    out = tmp_path / "runs"
    out.mkdir()
    proc = _cli(
        "plan",
        CASE,
        "--store",
        store,
        "--out",
        out,
        "--no-report",
        env={"FLOPGRID_TEST_PAUSE_BEFORE_RECORD_S": "60"},
    )
    deadline = time.time() + 120
    while time.time() < deadline and not any(p.name.startswith("2") for p in out.iterdir()):
        time.sleep(0.2)
    folders = [p for p in out.iterdir() if not p.name.startswith(".")]
    assert folders, "the run never wrote its folder"
    assert (folders[0] / "summary.json").exists()  # files are complete (atomic rename)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert RunStore(store).list().empty  # no half record
    again = run_plan(CASE, out=out, store=store, report=False)  # not mistaken for a repeat
    assert not again.repeated
    assert len(RunStore(store).list()) == 1
