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
    _, r = seed
    d, scn = r.data, r.scenario
    years = d["year"].values
    for gen in d["gen"].values:
        life = scn["accelerators"][str(gen)]["lifetime_years"]
        built = d["accelerators_built"].sel(gen=gen)
        for y in years:
            recent = built.sel(year=[v for v in years if y - life < v <= y]).sum("year")
            existing = np.array(
                [
                    s["existing"]["accelerators"].get(str(gen), 0.0)
                    if y < (s["existing"].get("year") or scn["years"]["start"] - 1) + life
                    else 0.0
                    for s in (scn["sites"][str(site)] for site in d["site"].values)
                ]
            )
            expected = recent.values + existing
            got = d["accelerators_in_service"].sel(gen=gen, year=y).values
            np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-3)


def test_energy_used_is_supplied_at_every_site(seed):
    _, r = seed
    d = r.data
    supplied = d["generation_twh"].sum("tech") + d["grid_import_twh"]
    assert bool((d["energy_twh"] <= supplied + TOL).all())
    if "slice_generation_gw" not in d:  # the yearly slice
        limit = d["power_capacity_gw"] * d["capacity_factor"] * 8.76
        assert bool((d["generation_twh"] <= limit + TOL).all())
        return
    # every slice: supply covers the load; no plant gives more than it has in that slice
    supply = d["slice_generation_gw"].sum("tech") + d["slice_grid_import_gw"]
    if "slice_storage_gw" in d:
        supply = supply + d["slice_storage_gw"]
    assert bool((supply >= d["slice_load_gw"] - 1e-4).all())
    limit = d["power_capacity_gw"] * d["slice_availability"]
    assert bool((d["slice_generation_gw"] <= limit + 1e-4).all())
    hours = d["slice_hours"]
    twh = (d["slice_generation_gw"] * hours).sum("slice") / 1e3
    np.testing.assert_allclose(twh.values, d["generation_twh"].values, rtol=1e-5, atol=1e-5)


def test_stored_energy_follows_charge_and_discharge(seed):
    """The state of charge re-derived hour by hour from charge and discharge (one storage
    technology per site in the seeds; the cycle closes within each representative day)."""
    _, r = seed
    d, scn = r.data, r.scenario
    if "slice_charge_gw" not in d or "storage_start_gwh" in d:
        pytest.skip("no storage operation in the slices, or linked days")
    eff = np.sqrt(scn["power"]["battery"]["round_trip_efficiency"])
    flow = d["slice_charge_gw"] * eff - d["slice_discharge_gw"] / eff
    level = d["slice_storage_level_gwh"]
    step = d["slice_step"].values
    before = np.arange(step.size) - 1
    before[step == 0] += int(step.max()) + 1
    rederived = level.isel(slice=before).values + flow.values
    np.testing.assert_allclose(level.values, rederived, atol=1e-3)
    assert float(level.min()) >= -1e-6


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
    if "slice_grid_import_gw" in d:  # the grid's carbon hour by hour, as the dispatch sees it
        hourly = d["slice_grid_import_gw"] * d["slice_hours"] * d["slice_carbon_factor"] / 1e3
        grid = hourly.sum("slice") * carbon[:, None]
    else:
        grid = d["grid_import_twh"] * carbon[:, None]
    np.testing.assert_allclose(d["emissions_mt"].values, (gen + grid).values, rtol=1e-6, atol=1e-6)


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


def test_abu_dhabi_holds_1_2_to_3_million_accelerators_within_5_gw():
    r = flopgrid.plan("abu-dhabi-5gw")
    peak = r.summary["totals"]["peak_accelerators"]
    assert 1.2e6 <= peak <= 3e6
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
