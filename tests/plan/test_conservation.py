"""Conservation checks re-derived from every seed scenario's solution (PyPSA-style)."""

from __future__ import annotations

import numpy as np
import pytest

import flopgrid
from flopgrid.results.costs import total_pv_usd
from flopgrid.scenario import builtin_names

TOL = 1e-6

SEEDS = builtin_names()


@pytest.fixture(scope="module", params=SEEDS)
def seed(request):
    return request.param, flopgrid.plan(request.param)


def test_six_seed_scenarios_exist():
    assert {
        "stargate-us",
        "abu-dhabi-5gw",
        "destiny-5gw",
        "global-36-fabs",
        "japan-nuclear",
        "north-sea-wind",
    } <= set(SEEDS)


def test_plans_to_optimal(seed):
    name, r = seed
    assert r.status == "optimal", name
    assert r.objective_usd > 0


def test_accelerators_made_cover_accelerators_installed(seed):
    _, r = seed
    d = r.data
    installed = d["accelerators_built"].sum("site")
    assert bool((d["accelerators_made"] >= installed - TOL * (1 + installed)).all())
    assert bool((d["wafers_used"] <= d["wafers_available"] * (1 + TOL) + TOL).all())


def test_fleet_is_built_minus_retired(seed):
    """In service <= alive (built within its life + existing), never back in service once
    retired (in service grows only by what is built), and = alive where nothing retires."""
    _, r = seed
    d, scn = r.data, r.scenario
    years = d["year"].values
    for gen in d["gen"].values:
        spec = scn["accelerators"][str(gen)]
        life = spec["lifetime_years"]
        built = d["accelerators_built"].sel(gen=gen)
        got = d["accelerators_in_service"].sel(gen=gen)
        for i, y in enumerate(years):
            recent = built.sel(year=[v for v in years if y - life < v <= y]).sum("year")
            existing = np.array(
                [
                    s["existing"]["accelerators"].get(str(gen), 0.0)
                    if y < (s["existing"].get("year") or scn["years"]["start"] - 1) + life
                    else 0.0
                    for s in (scn["sites"][str(site)] for site in d["site"].values)
                ]
            )
            alive = recent.values + existing
            now = got.sel(year=y).values
            assert (now <= alive + 1e-3).all(), (gen, y)
            if i:
                grown = got.sel(year=years[i - 1]).values + built.sel(year=y).values
                assert (now <= grown + 1e-3).all(), (gen, y)
            if not spec.get("early_retirement", True):
                np.testing.assert_allclose(now, alive, rtol=1e-6, atol=1e-3)


def test_energy_used_is_supplied_at_every_site(seed):
    _, r = seed
    d = r.data
    supplied = d["generation_twh"].sum("tech") + d["grid_import_twh"]
    assert bool((d["energy_twh"] <= supplied + TOL).all())
    limit = d["power_capacity_gw"] * d["capacity_factor"] * 8.76
    assert bool((d["generation_twh"] <= limit + TOL).all())


def test_facility_power_within_site_caps(seed):
    _, r = seed
    d = r.data
    assert bool((d["facility_power_gw"] <= d["max_facility_gw"] + TOL).all())
    assert bool((d["it_power_gw"] <= d["datacenter_capacity_gw"] + TOL).all())
    assert bool((d["datacenter_capacity_gw"] * d["pue"] <= d["max_facility_gw"] + TOL).all())


def test_delivered_plus_unserved_covers_demand(seed):
    _, r = seed
    by = r.summary["by_year"]
    for dem, got, short in zip(
        by["demand_h100e"], by["delivered_h100e"], by["unserved_h100e"], strict=True
    ):
        assert got + short >= dem * (1 - TOL) - 1


def test_emissions_rederived_from_generation_and_grid(seed):
    _, r = seed
    d, scn = r.data, r.scenario
    factor = np.array([scn["power"][str(t)]["emissions_t_per_mwh"] for t in d["tech"].values])
    gen = (d["generation_twh"] * factor[None, :, None]).sum("tech")
    carbon = np.array([r.meta["sites"][str(s)]["grid_carbon_t_per_mwh"] for s in d["site"].values])
    grid = d["grid_import_twh"] * carbon[:, None]
    np.testing.assert_allclose(d["emissions_mt"].values, (gen + grid).values, rtol=1e-9, atol=1e-9)


def test_accelerator_capex_rederived_from_prices(seed):
    _, r = seed
    d, scn = r.data, r.scenario
    price = np.array([scn["accelerators"][str(g)]["price_usd"] for g in d["gen"].values])
    spent = (d["accelerators_built"] * price[None, :, None]).sum(["site", "gen"])
    np.testing.assert_allclose(
        d["capex_cash_usd"].sel(asset_class="accelerators").values,
        spent.values,
        rtol=1e-9,
        atol=1.0,
    )


def test_abu_dhabi_holds_0_8_to_3_million_accelerators_within_5_gw():
    r = flopgrid.plan("abu-dhabi-5gw")
    peak = r.summary["totals"]["peak_accelerators"]
    # 4.2 GW of IT holds ~0.95 M Rubin-class packages (4.4 kW IT) up to ~3 M H100-class
    assert 0.8e6 <= peak <= 3e6
    assert max(r.summary["by_year"]["facility_power_gw"]) <= 5.0 + TOL


def test_objective_equals_the_sum_of_reported_costs(seed):
    """One definition of every cost: the objective HiGHS minimised equals the reported
    costs, by part (results.nc), by component (summary) and by tenant (allocation)."""
    name, r = seed
    objective = r.objective_usd
    assert total_pv_usd(r.data) == pytest.approx(objective, rel=1e-9), name
    components = r.summary["totals"]["cost_pv_usd"]
    assert sum(components.values()) == pytest.approx(objective, rel=1e-9), name
    tenants = r.summary["by_tenant"]
    allocated = sum(t["cost_pv_usd"] + t["unserved_penalty_pv_usd"] for t in tenants.values())
    assert allocated == pytest.approx(objective, rel=1e-9), name
