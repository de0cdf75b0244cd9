"""Sweeps under bad input and faults: paths checked before any task, a sweep that fails
whole says why, runs deleted from a sweep never skew its statistics."""

from __future__ import annotations

import pytest

from flopgrid.results.store import RunStore, StoreError
from flopgrid.sweep import (
    Design,
    SweepStore,
    analysis,
    create_sweep,
    make_engine,
    parse_vary,
    run_sweep,
)
from flopgrid.sweep.design import DesignError
from flopgrid.sweep.report import report_html

from ..helpers import cli, snapshot
from .conftest import ONE_SITE

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.mark.parametrize(
    ("vary", "expected"),
    [
        ("discount_rat=[0.05, 0.1]", "the scenario has no 'discount_rat' at the top level; did "
         "you mean 'discount_rate'?"),
        ("sites.b.max_facility_gw=[1, 2]", "the scenario has no 'b' at sites (it has a)"),
        ("sites.a.max_facilty_gw=[1, 2]", "the scenario has no 'max_facilty_gw' at sites.a; did "
         "you mean 'max_facility_gw'?"),
        ("discount_rate.x=[1, 2]", "discount_rate is a value, not a mapping"),
        ("sites..a=[1]", "expected a dotted field path"),
    ],
)  # fmt: skip
def test_every_vary_path_is_checked_before_any_task(store, vary, expected):
    with pytest.raises(DesignError) as info:
        create_sweep(Design(ONE_SITE, parse_vary([vary])), store)
    assert expected in str(info.value)
    assert not store.exists()  # no sweep, no task, nothing planned


def test_paths_the_scenario_may_set_are_fine(store):
    d = Design(
        ONE_SITE,
        parse_vary(["policy.carbon_price_usd_per_t=[0, 50]", "demand.by_year.2031=[5]"]),
    )
    assert create_sweep(d, store).startswith("sw-")


def test_the_cli_refuses_a_bad_path_at_once(store):
    r = cli("sweep", ONE_SITE, "--vary", "sites.a.max_facilty_gw=[1,2]", "--store", store)
    assert r.exit_code == 2 and "did you mean 'max_facility_gw'" in r.output
    assert not store.exists()


def test_a_sweep_whose_tasks_all_fail_exits_with_the_first_error(store):
    r = cli(
        "sweep", ONE_SITE, "--vary", "discount_rate=[-1, 0.9]", "--workers", "1",
        "--store", store,
    )  # fmt: skip
    assert r.exit_code == 2, r.output
    text = " ".join(r.output.split())
    assert "failed (2 of 2); the first, task 0:" in text
    assert "discount_rate: must be >= 0, got -1" in text and "Traceback" not in text


def test_sweep_ids_are_names(store):
    create_sweep(Design(ONE_SITE, parse_vary(["discount_rate=[0.05]"])), store)
    with pytest.raises(StoreError, match="is not a sweep id or prefix"):
        SweepStore(store).sweep("")
    r = cli("sweep", "report", "", "--store", store)
    assert r.exit_code == 2 and "is not a sweep id" in r.output


def test_deleting_a_run_of_a_sweep_leaves_it_out_and_says_so(store):
    d = Design(ONE_SITE, parse_vary(["discount_rate=[0.03, 0.06, 0.09]"]))
    sweep_id = create_sweep(d, store)
    run_sweep(sweep_id, make_engine("local", workers=1), store=store)
    full = analysis.load(sweep_id, store)
    tasks = SweepStore(store).tasks(sweep_id).set_index("task_no")
    gone = tasks.loc[1, "run_id"]
    RunStore(store).delete(gone)
    data = analysis.load(sweep_id, store)
    assert data.counts == {"done": 2, "failed": 0, "pending": 0, "missing": 1}
    assert list(data.done["task_no"]) == [0, 2] and list(data.missing["run_id"]) == [gone]
    dist = analysis.distributions(data).set_index("metric")
    assert dist.loc["objective_usd", "n"] == 2
    kept = full.done[full.done["task_no"] != 1]["objective_usd"].astype(float)
    assert dist.loc["objective_usd", "mean"] == pytest.approx(kept.mean())
    page = report_html(data)
    assert "Runs missing from the store" in page and gone in page
    assert "1 run missing (deleted from the store)" in page
    before = snapshot(store.parent)
    r = cli("sweep", "report", sweep_id, "--store", store, "--html", store.parent / "r.html")
    assert r.exit_code == 0, r.output
    assert "1 run missing" in r.output and f"task 1 ({gone})" in " ".join(r.output.split())
    after = snapshot(store.parent)
    assert {k: v for k, v in after.items() if k != "r.html"} == before
