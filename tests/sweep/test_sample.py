"""A sweep's sample on the worker's live model equals a cold plan of the same sample."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from flopgrid.cli import app
from flopgrid.plan import PlanOptions, plan
from flopgrid.results.store import RunStore, StoreError
from flopgrid.results.summary import SWEEP_PARTS
from flopgrid.sweep import Design, SweepStore, create_sweep, make_engine, parse_vary, run_sweep
from flopgrid.sweep.reuse import worker_cache
from flopgrid.sweep.sample import plan_sample

from .conftest import ONE_SITE

pytestmark = pytest.mark.filterwarnings("ignore")

#: numbers only: costs, a limit, demand, an efficiency
VARY = [
    "discount_rate=uniform(0.03, 0.12)",
    "demand.by_year=*uniform(0.6, 1.4)",
    "policy.carbon_price_usd_per_t=uniform(0, 150)",
    "sites.a.grid_price_usd_per_mwh=uniform(20, 120)",
]


def _leaves(node, path=""):
    """(path, value) of every number or word in a summary part, in order."""
    if isinstance(node, dict):
        for key in sorted(node, key=str):
            yield from _leaves(node[key], f"{path}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _leaves(item, f"{path}[{i}]")
    else:
        yield path, node


def _same_figures(stored: dict, cold: dict) -> None:
    """Every figure a sweep stores equals the cold plan's (paths of the sweep's parts)."""
    for part in SWEEP_PARTS:
        mine = dict(_leaves(stored[part], part))
        theirs = dict(_leaves(cold[part], part))
        for path, value in mine.items():
            assert path in theirs, path
            if isinstance(value, float):
                assert value == pytest.approx(theirs[path], rel=1e-9, abs=1e-6, nan_ok=True), path
            else:
                assert value == theirs[path], path


def test_samples_on_the_live_model_equal_cold_plans():
    tasks = Design(ONE_SITE, parse_vary(VARY), samples=4, seed=5).tasks()
    modes = []
    for task in tasks:
        live, summary = plan_sample(ONE_SITE, task.overrides, PlanOptions())
        cold = plan(ONE_SITE, task.overrides)
        modes.append(live.meta["reuse"]["mode"])
        assert live.objective_usd == pytest.approx(cold.objective_usd, rel=1e-9)
        _same_figures(summary, cold.summary)  # totals, by year and site, bottlenecks
    assert "warm" in modes  # the model was updated in place, not rebuilt every time


def test_a_new_structure_is_built_afresh_and_says_why():
    plan_sample(ONE_SITE, ["discount_rate=0.05"], PlanOptions())
    live, _ = plan_sample(ONE_SITE, ["years.end=2032"], PlanOptions())  # more years
    assert live.meta["reuse"]["mode"] == "cold"
    assert "year" in live.meta["reuse"]["reason"]
    cold = plan(ONE_SITE, ["years.end=2032"])
    assert live.objective_usd == pytest.approx(cold.objective_usd, rel=1e-9)
    assert worker_cache().last_reason == live.meta["reuse"]["reason"]


def test_sweep_records_rows_without_run_folders(store, tmp_path):
    design = Design(ONE_SITE, parse_vary(VARY[:2]), samples=3, seed=1)
    sweep_id = create_sweep(design, store, out=tmp_path / "sweep")
    stats = run_sweep(sweep_id, make_engine("local", workers=1), store=store)
    assert stats.done == 3 and stats.failed == 0
    tasks = SweepStore(store).tasks(sweep_id)
    assert tasks["objective_usd"].notna().all()
    assert not list((tmp_path / "sweep").iterdir())  # no run folder written
    runs = RunStore(store)
    run_id = tasks["run_id"].iloc[0]
    with pytest.raises(StoreError, match="--keep-runs"):
        runs.open(run_id)
    years = runs.sql(f"SELECT count(*) AS n FROM run_years WHERE run_id = '{run_id}'")
    assert int(years["n"].iloc[0]) > 0
    # runs compare reads such runs from the store: the same figures as their rows
    ids = list(tasks["run_id"])
    out = CliRunner().invoke(app, ["runs", "compare", *ids, "--store", str(store)])
    assert out.exit_code == 0, out.output
    assert all(i in out.output for i in ids) and "headline figures" in out.output
    recorded = runs.recorded(ids[1])
    assert recorded.objective_usd == pytest.approx(float(tasks["objective_usd"].iloc[1]))
    row = runs.sql(f"SELECT * FROM runs WHERE run_id = '{ids[1]}'").iloc[0]
    assert recorded.summary["totals"]["energy_twh"] == pytest.approx(row["energy_twh"])
    necks = runs.sql(f"SELECT count(*) AS n FROM run_bottlenecks WHERE run_id = '{ids[1]}'")
    assert len(recorded.summary["bottlenecks"]) == int(necks["n"].iloc[0])
