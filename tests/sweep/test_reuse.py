"""Warm start: a cached HiGHS model updated in place gives the cold objective, every time."""

from __future__ import annotations

import warnings

import pytest

from flopgrid.plan import build_inputs, build_model
from flopgrid.scenario import load_scenario
from flopgrid.solve import SOLVER_CACHE, solve_model
from flopgrid.sweep.design import Design, parse_vary
from flopgrid.sweep.reuse import SolverCache, structure_signature, warm_start

from .conftest import ONE_SITE

pytestmark = pytest.mark.filterwarnings("ignore")


def _model(source, overrides):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build_model(build_inputs(load_scenario(source, overrides)))


@pytest.mark.parametrize("source, n", [(ONE_SITE, 5), ("destiny-5gw", 3)])
def test_warm_objective_equals_cold(source, n):
    vary = [
        "discount_rate=uniform(0.03, 0.12)",
        "demand.by_year=*uniform(0.6, 1.4)",
        "demand.unserved_penalty_usd_per_h100e_year=uniform(5e4, 2e6)",
    ]
    tasks = Design(source, parse_vary(vary), samples=n, seed=2).tasks()
    cache = SolverCache()
    signatures = set()
    for task in tasks:
        cold = _model(source, task.overrides)
        warm = _model(source, task.overrides)
        signatures.add(structure_signature(warm.model))
        ref = solve_model(cold.model)
        token = SOLVER_CACHE.set(cache)
        try:
            got = solve_model(warm.model)
        finally:
            SOLVER_CACHE.reset(token)
        assert got.status == ref.status == "optimal"
        assert got.objective == pytest.approx(ref.objective, rel=1e-6, abs=1e-9)
    assert cache.stats["cold"] == len(signatures)
    assert cache.stats["warm"] + cache.stats["rebuilt"] == len(tasks) - len(signatures)
    assert cache.stats["warm"] >= 1


def test_warm_start_context_routes_solves_through_the_cache():
    with warm_start() as cache:
        first = solve_model(_model(ONE_SITE, ["discount_rate=0.05"]).model)
        second = solve_model(_model(ONE_SITE, ["discount_rate=0.07"]).model)
    assert cache is not None and cache.last_mode == "warm"
    assert first.status == second.status == "optimal"
    with warm_start(False) as none:
        assert none is None


@pytest.mark.parametrize(
    "overrides, strategy",
    [
        (["sites.a.grid_price_usd_per_mwh=70"], "primal"),
        (["demand.by_year={2030: 800000}"], "dual"),
        (["sites.a.grid_price_usd_per_mwh=70", "demand.by_year={2030: 800000}"], "dual-primal"),
    ],
)
def test_warm_solve_picks_the_simplex_that_keeps_a_feasible_basis(overrides, strategy):
    """Costs only: primal simplex; limits only: dual; both: dual, then primal for the costs.
    Each warm objective equals a cold solve of the same model."""
    cache = SolverCache()
    token = SOLVER_CACHE.set(cache)
    try:
        solve_model(_model(ONE_SITE, []).model)
        got = solve_model(_model(ONE_SITE, overrides).model)
        assert cache.last_mode == "warm" and cache.last_strategy == strategy
        # options that choose the method themselves are left to it
        solve_model(_model(ONE_SITE, []).model, options={"simplex_strategy": 1})
        assert cache.last_strategy == "as set"
    finally:
        SOLVER_CACHE.reset(token)
    ref = solve_model(_model(ONE_SITE, overrides).model)
    assert got.status == ref.status == "optimal"
    assert got.objective == pytest.approx(ref.objective, rel=1e-9)


def test_lean_assign_result_equals_linopys():
    """The cache's own assignment of a solution gives linopy's: every variable's solution,
    every row's dual, the objective and the status, exactly."""
    from linopy import solvers
    from linopy.constraints import CSRConstraint

    from flopgrid.plan.readback import duals
    from flopgrid.sweep.reuse import assign_result

    ours, theirs = _model(ONE_SITE, []), _model(ONE_SITE, [])
    solver = solvers.Solver.from_name(
        "highs", model=ours.model, io_api="direct", options={"output_flag": False}
    )
    result = solver.solve()
    expected = theirs.model.assign_result(result)
    assert all(isinstance(c, CSRConstraint) for _, c in ours.model.constraints.items())
    assert assign_result(ours.model, result) == expected
    assert ours.model.objective.value == theirs.model.objective.value
    for name in ours.model.variables:
        assert ours.model.variables[name].solution.equals(theirs.model.variables[name].solution)
    mine, ref = duals(ours), duals(theirs)
    assert mine.keys() == ref.keys() and all(mine[k].equals(ref[k]) for k in mine)
