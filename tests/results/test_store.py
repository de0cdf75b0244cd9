"""The DuckDB run store: complete records, concurrent writers, interrupted runs."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal

import pytest
import yaml

import flopgrid
from flopgrid.results.store import RunStore, StoreError
from flopgrid.workflow import run_plan

from ..conftest import CASES

CASE = CASES / "one_site.yaml"


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


def _plan_at_barrier(case, rate, store, out, barrier):
    """In a child process: plan, then wait at ``barrier`` just before recording, so that
    no process records before every process has planned and is about to record."""

    def on_stage(stage):
        if stage == "recording run":
            barrier.wait(timeout=600)

    run_plan(case, [f"discount_rate={rate}"], out=out, store=store, report=False, on_stage=on_stage)


def test_two_processes_recording_at_once_lose_nothing(tmp_path):
    """Both processes pass a barrier that opens only when both have solved and are about
    to record: their records overlap in time, and the file lock makes them take turns."""
    store, out = tmp_path / "runs.duckdb", tmp_path / "runs"
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    procs = [
        ctx.Process(target=_plan_at_barrier, args=(str(CASE), rate, store, out, barrier))
        for rate in (0.05, 0.06)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    assert [p.exitcode for p in procs] == [0, 0]
    assert barrier.n_waiting == 0 and not barrier.broken
    runs = RunStore(store)
    df = runs.list()
    assert len(df) == 2
    assert runs.sql("SELECT count(*) AS n FROM run_years")["n"][0] == 2
    for run_id in df["run_id"]:
        assert runs.open(run_id).status == "optimal"


def _plan_and_hold_before_recording(case, store, out, ready, release):
    def on_stage(stage):
        if stage == "recording run":
            ready.set()
            release.wait()  # never set: the test kills this process here

    run_plan(case, out=out, store=store, report=False, on_stage=on_stage)


def test_run_killed_between_files_and_record_leaves_store_consistent(tmp_path):
    store, out = tmp_path / "runs.duckdb", tmp_path / "runs"
    out.mkdir()
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    proc = ctx.Process(
        target=_plan_and_hold_before_recording, args=(str(CASE), store, out, ready, release)
    )
    proc.start()
    try:
        assert ready.wait(timeout=600), "the run never reached its record"
        folders = [p for p in out.iterdir() if not p.name.startswith(".")]
        assert len(folders) == 1 and (folders[0] / "summary.json").exists()  # complete files
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.join()
    assert proc.exitcode == -signal.SIGKILL
    assert RunStore(store).list().empty  # no half record
    again = run_plan(CASE, out=out, store=store, report=False)  # not mistaken for a repeat
    assert not again.repeated
    assert len(RunStore(store).list()) == 1


def test_water_is_stored_and_an_older_store_gains_its_columns(tmp_path):
    """A store made before water existed (no water columns) takes a new run: the columns are
    added, and the run's water is queryable per year and per site."""
    import duckdb

    from flopgrid.results import store_rows as store_mod

    path = tmp_path / "old.duckdb"
    old = store_mod.SCHEMA
    for _table, column in store_mod.ADDED_COLUMNS:
        old = old.replace(f", {column} DOUBLE", "").replace(f"{column} DOUBLE,", "")
    con = duckdb.connect(str(path))
    con.execute(old)
    assert "water_consumption_gl" not in con.execute("SELECT * FROM run_years").df().columns
    con.close()
    case = yaml.safe_load(CASE.read_text())
    case["cooling_designs"] = {
        "dry": {"water_withdrawal_l_per_kwh_it": 0.2, "water_consumption_l_per_kwh_it": 0.1}
    }
    case["datacenter_designs"]["d"]["cooling"] = "dry"
    scenario = tmp_path / "water.yaml"
    scenario.write_text(yaml.safe_dump(case))
    out = run_plan(scenario, out=tmp_path / "w", store=path, report=False)
    runs = RunStore(path)
    years = runs.sql(f"SELECT water_withdrawal_gl FROM run_years WHERE run_id = '{out.run_id}'")
    # 1 GW IT x 0.8 x 8.76 TWh x 0.2 L/kWh (grid water: no country given, 0)
    assert years["water_withdrawal_gl"].tolist() == pytest.approx([7.008 * 0.2])
    sites = runs.sql("SELECT water_consumption_gl, water_stress_score FROM run_sites")
    assert sites["water_consumption_gl"].tolist() == pytest.approx([7.008 * 0.1])
