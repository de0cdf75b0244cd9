"""The run store and run folders under faults: damaged stores, stores that fail after a
solve, leftovers of killed processes, empty prefixes, reports that fail. Each gets one
clear error, and nothing that existed is lost."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from pathlib import Path

import pytest

from flopgrid.results.folder_io import TMP_PREFIX, clean_leftovers, write_run_folder
from flopgrid.results.store import RunStore, StoreError
from flopgrid.workflow import RunNotRecordedError, run_plan

from ..conftest import CASES
from ..helpers import cli, snapshot

CASE = CASES / "one_site.yaml"


@pytest.fixture
def planned(tmp_path):
    """A runs folder with a store and one run in it (runs/flopgrid.duckdb, runs/<run-id>)."""
    store, out = tmp_path / "runs" / "flopgrid.duckdb", tmp_path / "runs"
    out.mkdir()
    outcome = run_plan(CASE, out=out, store=store, report=False)
    return store, out, outcome


def _damage(store: Path, how: str) -> None:
    data = store.read_bytes()
    if how == "empty":
        store.write_bytes(b"")
    elif how == "truncated":  # cut inside the blocks DuckDB reads first
        store.write_bytes(data[:40_000])
    else:  # garbage
        store.write_bytes(b"not a database, " * 200)


@pytest.mark.parametrize("how", ["empty", "truncated", "garbage"])
@pytest.mark.parametrize(
    "command",
    [
        ["runs", "list"],
        ["runs", "show", "x"],
        ["plan", CASE, "--no-report"],
        # --force skips the look for an identical run: the store was first read after the
        # solve, and the run folder was written but not recorded
        ["plan", CASE, "--no-report", "--force"],
    ],
)
def test_a_damaged_store_gets_one_clear_error_and_loses_nothing(planned, how, command):
    store, out, outcome = planned
    _damage(store, how)
    before = snapshot(out)
    r = cli(*command, "--store", store)
    assert r.exit_code == 2, r.output
    text = " ".join(r.output.split())
    assert f"the run store {store} cannot be read" in text
    assert "It is damaged or not a flopgrid run store" in text
    assert f"mv {store} {store}.damaged" in text and "flopgrid runs add" in text
    assert snapshot(out) == before  # the store file and every run folder as they were
    assert (outcome.folder / "summary.json").exists()


def test_the_recovery_the_message_suggests_works(planned):
    store, out, outcome = planned
    _damage(store, "garbage")
    store.rename(store.with_name(store.name + ".damaged"))
    r = cli("runs", "add", *[p for p in out.iterdir() if p.is_dir()], "--store", store)
    assert r.exit_code == 0 and "recorded 1 run in" in r.output, r.output
    assert RunStore(store).list()["run_id"].tolist() == [outcome.run_id]
    again = cli("runs", "add", outcome.folder, "--store", store)
    assert again.exit_code == 0 and "already there" in again.output


def test_a_run_solved_before_the_store_failed_stays_findable(tmp_path):
    store, out = tmp_path / "flopgrid.duckdb", tmp_path / "runs"
    run_plan(CASE, ["discount_rate=0.07"], out=out, store=store, report=False)

    def break_store(stage):
        if stage == "writing results":  # after the solve, before the record
            _damage(store, "garbage")

    with pytest.raises(RunNotRecordedError) as info:
        run_plan(CASE, out=out, store=store, report=False, on_stage=break_store)
    err = info.value
    assert err.folder.parent == out and (err.folder / "results.nc").exists()
    assert f"run {err.run_id} was planned and written to {err.folder.absolute()}" in str(err)
    assert "cannot be read" in str(err) and f"flopgrid runs add {err.folder}" in str(err)
    r = cli("runs", "show", err.folder, "--store", store)  # found by its folder
    assert r.exit_code == 0 and "build-out by year" in r.output


def test_the_cli_says_where_a_run_that_was_not_recorded_is(tmp_path, monkeypatch):
    store, out = tmp_path / "flopgrid.duckdb", tmp_path / "runs"
    out.mkdir()
    run_plan(CASE, ["discount_rate=0.07"], out=out, store=store, report=False)
    original = RunStore.record

    def record_into_a_broken_store(self, result, kind="plan"):
        _damage(self.path, "truncated")  # the store fails for real, under the record
        return original(self, result, kind)

    monkeypatch.setattr(RunStore, "record", record_into_a_broken_store)
    r = cli("plan", CASE, "--store", store, "--out", out, "--no-report")
    assert r.exit_code == 2, r.output
    text = " ".join(r.output.split())
    folders = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert len(folders) == 2  # the earlier run and the one that was not recorded
    assert "was planned and written to" in text and "but not recorded" in text
    assert "Nothing is lost" in text


def test_empty_prefix_never_matches_every_run(planned):
    store, _, outcome = planned
    for ref in ("", " "):
        r = cli("runs", "delete", ref, "--store", store)
        assert r.exit_code == 2 and "is not a run id or prefix" in r.output
    assert RunStore(store).list()["run_id"].tolist() == [outcome.run_id]
    assert (outcome.folder / "meta.json").exists()


@pytest.mark.parametrize("ref", ["../x", "a/b", "/etc", "x\x00"])
def test_run_ids_are_names(planned, ref):
    store, _, _ = planned
    with pytest.raises(StoreError, match="is not a run id or prefix"):
        RunStore(store).resolve(ref)
    assert len(RunStore(store).list()) == 1


def test_delete_never_removes_a_folder_that_is_not_the_runs(planned, tmp_path):
    """A store whose folder column was edited (or points at a reused path) never makes
    `runs delete` remove someone else's files."""
    store, _, outcome = planned
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "data.txt").write_text("keep me")
    with RunStore(store)._connect(write=True) as con:
        con.execute("UPDATE runs SET folder = ?", [str(precious)])
    RunStore(store).delete(outcome.run_id)
    assert (precious / "data.txt").read_text() == "keep me"
    assert RunStore(store).list().empty


def test_a_missing_run_folder_is_reported_not_a_traceback(planned):
    store, _, outcome = planned
    os.rename(outcome.folder, outcome.folder.with_name("moved"))
    r = cli("runs", "show", outcome.run_id, "--store", store)
    assert r.exit_code == 2 and "its folder" in r.output and "is gone" in r.output


def test_report_out_onto_an_existing_folder_is_refused(planned, tmp_path):
    store, _, outcome = planned
    target = tmp_path / "existing"
    target.mkdir()
    (target / "mine.txt").write_text("x")
    before = snapshot(target)
    r = cli("report", outcome.run_id, "--out", target, "--store", store)
    assert r.exit_code == 2
    assert f"--out {target} is a folder; give the HTML file to write" in " ".join(r.output.split())
    assert snapshot(target) == before
    r = cli("report", outcome.run_id, "--out", target / "r.html", "--store", store)
    assert r.exit_code == 0 and (target / "r.html").exists()


def _write_and_die(folder: str) -> None:
    """In a child process: start writing a run folder, and be killed in the middle."""
    import xarray as xr

    def die(tmp):
        (tmp / "half.txt").write_text("half")
        os.kill(os.getpid(), signal.SIGKILL)

    write_run_folder(Path(folder), {}, {}, {}, xr.Dataset(), [die])


def test_leftovers_of_a_killed_process_are_cleaned_on_the_next_write(planned):
    store, out, _ = planned
    ctx = multiprocessing.get_context("spawn")
    proc = ctx.Process(target=_write_and_die, args=(str(out / "doomed"),))
    proc.start()
    proc.join()
    assert proc.exitcode == -signal.SIGKILL
    left = [p for p in out.iterdir() if p.name.startswith(TMP_PREFIX)]
    assert len(left) == 1 and (left[0] / "half.txt").exists()
    again = run_plan(CASE, ["discount_rate=0.2"], out=out, store=store, report=False)
    assert not [p for p in out.iterdir() if p.name.startswith(TMP_PREFIX)]
    assert again.folder.exists() and not (out / "doomed").exists()


def test_a_folder_being_written_is_never_cleaned(tmp_path):
    """The cleaner tells a live writer from a dead one by its lock, not by age."""
    import xarray as xr

    seen = {}

    def look(tmp):
        seen["removed"] = clean_leftovers(tmp.parent)
        seen["alive"] = tmp.exists()

    write_run_folder(tmp_path / "run", {}, {}, {}, xr.Dataset(), [look])
    assert seen == {"removed": [], "alive": True} and (tmp_path / "run" / "meta.json").exists()


def test_plan_out_with_an_identical_run_delivers_it_there(planned, tmp_path):
    store, _, first = planned
    target = tmp_path / "wanted"
    r = cli("plan", CASE, "--store", store, "--out", target, "--no-report")
    assert r.exit_code == 0, r.output
    assert f"already planned as {first.run_id}; copied it to {target}" in " ".join(r.output.split())
    meta = json.loads((target / "meta.json").read_text())
    assert meta["run_id"] == first.run_id and (target / "results.nc").exists()
    assert len(RunStore(store).list()) == 1  # a copy, not a new record


def test_an_identical_run_whose_folder_is_gone_is_planned_again(planned):
    store, out, first = planned
    os.rename(first.folder, out / "elsewhere")
    again = run_plan(CASE, out=out, store=store, report=False)
    assert not again.repeated and again.run_id != first.run_id
    assert (again.folder / "meta.json").exists()


def test_a_report_that_fails_never_loses_the_run(tmp_path, monkeypatch):
    """A bug while drawing: the run is written and recorded first; the error names it."""
    import flopgrid.report.html as html

    def broken(result):
        raise RuntimeError("a figure broke")

    monkeypatch.setattr(html, "report_html", broken)
    store, out = tmp_path / "s.duckdb", tmp_path / "run"
    r = cli("plan", CASE, "--store", store, "--out", out)
    assert r.exit_code == 2
    text = " ".join(r.output.split())
    [run_id] = RunStore(store).list()["run_id"]
    assert f"run {run_id} is written to {out} and recorded, but its report could not" in text
    assert "RuntimeError: a figure broke" in text and f"flopgrid report {run_id}" in text
    assert (out / "summary.json").exists() and not (out / "report.html").exists()
    monkeypatch.undo()
    assert cli("report", run_id, "--store", store).exit_code == 0
    assert (out / "report.html").exists()


def test_a_budget_by_year_draws_its_report(write, base, tmp_path):
    """policy.budget_usd_per_year given by_year crashed the report (float of a dict), and
    the run went with it."""
    base["policy"] = {
        "budget_usd_per_year": {"by_year": {2030: 9e12}},
        "carbon_price_usd_per_t": {"by_year": {2030: 40}},
        "min_clean_share": {"by_year": {2030: 0.0}},
    }
    out = tmp_path / "run"
    r = cli("plan", write(base), "--store", tmp_path / "s.duckdb", "--out", out)
    assert r.exit_code == 0, r.output
    page = (out / "report.html").read_text()
    assert "2030: 9 T USD per year" in page and "2030: 40 USD/t CO2e" in page
