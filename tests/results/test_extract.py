"""The extracted arrays equal the model's own expressions evaluated at the solution."""

from __future__ import annotations

import numpy as np
import pytest

from flopgrid import units
from flopgrid.plan.build import build_model
from flopgrid.plan.constraints import cash_capex
from flopgrid.plan.inputs import build_inputs
from flopgrid.results.extract import extract
from flopgrid.scenario import load_scenario
from flopgrid.solve import solve_model


@pytest.fixture(scope="module")
def solved():
    pm = build_model(build_inputs(load_scenario("global-36-fabs")))
    assert solve_model(pm.model).status == "optimal"
    return pm, extract(pm)


def test_cash_capex_by_class_matches_the_budget_expression(solved):
    pm, out = solved
    model_busd = cash_capex(pm.inputs, pm.variables).solution.fillna(0.0)
    by_class = out["capex_cash_usd"].sum("asset_class")
    assert float(out["capex_cash_usd"].sel(asset_class="fabs").sum()) > 0  # fabs are built
    np.testing.assert_allclose(
        by_class.values, units.usd_from_busd(model_busd).values, rtol=1e-9, atol=1.0
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
