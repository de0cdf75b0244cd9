"""The extracted arrays are the model's own definitions evaluated at the solution."""

from __future__ import annotations

import numpy as np
import pytest

from flopgrid import units
from flopgrid.plan.build import build_model
from flopgrid.plan.extract import extract
from flopgrid.plan.inputs import build_inputs
from flopgrid.scenario import load_scenario
from flopgrid.solve import solve_model


@pytest.fixture(scope="module")
def solved():
    # power binds before chips in the flagship (gas turbines, grid, land), so fewer leading-edge
    # wafers make the plan build fabs, whose cash capex the first test needs
    scn = load_scenario("global-36-fabs", ["supply.wafers_per_year=150000"])
    pm = build_model(build_inputs(scn))
    assert solve_model(pm.model).status == "optimal"
    return pm, extract(pm)


def test_cash_capex_is_the_budget_rows_at_the_solution(solved):
    """The budget family and the reported cash capex read one definition: the linopy
    expression the budget rows are built from, evaluated by linopy, equals the report."""
    pm, out = solved
    expr = sum(
        q.expression(pm.variables, ("year",)).solution for q in pm.quantities.capex_cash.values()
    )
    by_class = out["capex_cash_usd"].sum("asset_class")
    assert float(out["capex_cash_usd"].sel(asset_class="fabs").sum()) > 0  # fabs are built
    np.testing.assert_allclose(
        by_class.values, units.usd_from_busd(expr).values, rtol=1e-9, atol=1.0
    )


def test_objective_is_the_discounted_sum_of_the_cost_terms(solved):
    pm, out = solved
    objective_busd = float(pm.model.objective.value) + pm.constant_busd
    assert float(out["cost_pv_usd"].sum()) == pytest.approx(
        units.usd_from_busd(objective_busd), rel=1e-9
    )


def test_fleet_in_service_matches_the_model_definitions(solved):
    pm, out = solved
    it_power = pm.variables["it_power"].solution
    np.testing.assert_allclose(
        out["it_power_gw_by_tenant"].sum("tenant").values,
        it_power.transpose("site", "year").values,
        rtol=1e-7,
        atol=1e-9,
    )
    compute = units.from_millions(pm.variables["compute"].solution)
    np.testing.assert_allclose(
        out["delivered_h100e_by_site_tenant"].transpose("site", "year", "tenant").values,
        compute.transpose("site", "year", "tenant").values,
        rtol=1e-7,
        atol=1e-3,
    )
