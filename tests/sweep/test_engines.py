"""Engines and faults: Dask with a worker killed mid-sweep, the local pool with a worker
that dies, failed tasks, resume after Ctrl-C, identical results across engines."""

from __future__ import annotations

import contextlib
import os
import signal

import pytest

from flopgrid.results.store import RunStore
from flopgrid.sweep import Design, SweepStore, create_sweep, make_engine, parse_vary, run_sweep
from flopgrid.sweep.runner import SweepInterrupted

from .conftest import ONE_SITE, VARY

pytestmark = pytest.mark.filterwarnings("ignore")


def _sweep(store, samples=16, seed=11, vary=VARY):
    return create_sweep(Design(ONE_SITE, parse_vary(vary), samples=samples, seed=seed), store)


def _kill_a_busy_worker(state):
    """on_result hook: after the 2nd result, kill a Dask worker that is running a task."""

    def hook(res, engine):
        state["seen"] += 1
        if state["seen"] != 2 or state.get("killed"):
            return
        client = engine.client
        busy = [addr for addr, keys in client.processing().items() if keys]
        victim = busy[0] if busy else next(iter(client.scheduler_info()["workers"]))
        with contextlib.suppress(Exception):  # the worker dies before it answers
            client.run(os._exit, 1, workers=[victim], wait=False)
        state["killed"] = victim

    return hook


@pytest.fixture(scope="module")
def dask_and_local(tmp_path_factory):
    """The same 16-sample sweep on Dask (a worker killed mid-sweep) and on local workers."""
    pytest.importorskip("distributed")
    root = tmp_path_factory.mktemp("engines")
    out = {}
    for name in ("dask", "local"):
        store = root / name / "flopgrid.duckdb"
        sweep_id = _sweep(store)
        state = {"seen": 0}
        hook = _kill_a_busy_worker(state) if name == "dask" else None
        engine = make_engine(name, workers=2)
        stats = run_sweep(sweep_id, engine, store=store, on_result=hook, record_every_s=0)
        out[name] = (store, sweep_id, stats, state)
    return out


def test_dask_survives_a_killed_worker(dask_and_local):
    store, sweep_id, stats, state = dask_and_local["dask"]
    assert state.get("killed"), "no worker was killed"
    tasks = SweepStore(store).tasks(sweep_id)
    assert (tasks["status"] == "done").sum() == 16 and stats.done == 16
    assert tasks["run_id"].nunique() == 16
    runs = RunStore(store).list()
    assert len(runs) == 16 and set(runs["run_id"]) == set(tasks["run_id"])
    assert tasks["worker"].nunique() >= 2


def test_local_engine_gives_the_same_results(dask_and_local):
    d_store, d_id, _, _ = dask_and_local["dask"]
    l_store, l_id, stats, _ = dask_and_local["local"]
    dask_tasks = SweepStore(d_store).tasks(d_id).set_index("task_no")
    local_tasks = SweepStore(l_store).tasks(l_id).set_index("task_no")
    assert stats.done == 16
    assert list(dask_tasks["overrides"]) == list(local_tasks["overrides"])
    for col in ("objective_usd", "capex_usd", "peak_accelerators", "emissions_mt"):
        assert local_tasks[col].to_numpy() == pytest.approx(dask_tasks[col].to_numpy(), rel=1e-6)


def _kill_a_local_worker(state):
    """on_result hook: after the first result, SIGKILL one live worker process of the pool
    while tasks remain (the test owns the pool; nothing in flopgrid helps it die)."""

    def hook(res, engine):
        if state.get("killed"):
            return
        procs = [p for p in engine._pool._processes.values() if p.is_alive()]
        os.kill(procs[0].pid, signal.SIGKILL)
        state["killed"] = procs[0].pid

    return hook


def test_local_pool_restarts_after_a_worker_dies(store):
    sweep_id = _sweep(store, samples=4)
    state: dict = {}
    engine = make_engine("local", workers=2)
    hook = _kill_a_local_worker(state)
    stats = run_sweep(sweep_id, engine, store=store, on_result=hook, record_every_s=0)
    assert state.get("killed"), "no worker was killed"
    assert stats.restarts >= 1 and stats.done == 4
    tasks = SweepStore(store).tasks(sweep_id)
    assert tasks["run_id"].nunique() == 4 and len(RunStore(store).list()) == 4


def test_failed_task_is_recorded_and_the_sweep_goes_on(store):
    d = Design(ONE_SITE, parse_vary(["discount_rate=[0.05, -1, 0.1]"]))
    sweep_id = create_sweep(d, store)
    stats = run_sweep(sweep_id, make_engine("local", workers=2), store=store)
    assert (stats.done, stats.failed) == (2, 1)
    tasks = SweepStore(store).tasks(sweep_id).set_index("task_no")
    assert tasks.loc[1, "status"] == "failed"
    assert "discount_rate" in tasks.loc[1, "error"]
    assert tasks.loc[0, "status"] == tasks.loc[2, "status"] == "done"


def test_resume_repeats_no_finished_run(store):
    sweep_id = _sweep(store, samples=5, seed=3)

    def stop_after_two(res, engine):
        if SweepStore(store).tasks(sweep_id)["status"].eq("done").sum() >= 2:
            raise KeyboardInterrupt

    with pytest.raises(SweepInterrupted, match="--resume"):
        engine = make_engine("local", workers=1)
        run_sweep(sweep_id, engine, store=store, on_result=stop_after_two, record_every_s=0)
    before = SweepStore(store).tasks(sweep_id)
    done_before = before[before["status"] == "done"].set_index("task_no")["run_id"]
    assert 2 <= len(done_before) < 5
    stats = run_sweep(sweep_id, make_engine("local", workers=2), store=store)
    after = SweepStore(store).tasks(sweep_id).set_index("task_no")
    assert stats.skipped == len(done_before) and stats.done == 5 - len(done_before)
    assert (after["status"] == "done").all() and after["run_id"].nunique() == 5
    assert (after.loc[done_before.index, "run_id"] == done_before).all()
    assert len(RunStore(store).list()) == 5
    # nothing left: a second resume plans nothing
    again = run_sweep(sweep_id, make_engine("local", workers=1), store=store)
    assert (again.done, again.skipped) == (0, 5) and len(RunStore(store).list()) == 5


def test_identical_tasks_are_planned_once(store):
    d = Design(ONE_SITE, parse_vary(["discount_rate=[0.05, 0.05]"]))
    sweep_id = create_sweep(d, store)
    stats = run_sweep(sweep_id, make_engine("local", workers=2), store=store)
    tasks = SweepStore(store).tasks(sweep_id)
    assert stats.done == 2 and tasks["run_id"].nunique() == 1
    assert len(RunStore(store).list()) == 1
