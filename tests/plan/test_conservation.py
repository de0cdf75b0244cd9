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
    """The state of charge re-derived step by step from charge and discharge times each
    step's hours (one storage technology per site in the seeds; the cycle closes within
    each representative day)."""
    _, r = seed
    d, scn = r.data, r.scenario
    if "slice_charge_gw" not in d or "storage_start_gwh" in d:
        pytest.skip("no storage operation in the slices, or linked days")
    eff = np.sqrt(scn["power"]["battery"]["round_trip_efficiency"])
    flow = d["slice_charge_gw"] * eff - d["slice_discharge_gw"] / eff
    if "slice_duration_h" in d:  # a segment of several hours
        flow = flow * d["slice_duration_h"]
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
    # the grid's carbon intensity of each site and year (its country's path)
    carbon = d["grid_carbon_t_per_mwh"]
    if "slice_grid_import_gw" in d:  # the grid's carbon hour by hour, as the dispatch sees it
        hourly = d["slice_grid_import_gw"] * d["slice_hours"] * d["slice_carbon_factor"] / 1e3
        grid = hourly.sum("slice") * carbon
    else:
        grid = d["grid_import_twh"] * carbon
    np.testing.assert_allclose(d["emissions_mt"].values, (gen + grid).values, rtol=1e-6, atol=1e-6)


def _cooling(scn: dict, site: dict) -> str | None:
    """The cooling design a site's data centers use, read from the raw scenario."""
    for layer in (site.get("datacenter") or {}, scn["datacenter"]):
        if layer.get("cooling"):
            return layer["cooling"]
        if layer.get("design"):
            design = scn["datacenter_designs"][layer["design"]]
            if design.get("cooling"):
                return design["cooling"]
    return None


@pytest.mark.parametrize("kind", ["consumption", "withdrawal"])
def test_water_is_energy_by_source_times_the_sourced_intensities(seed, kind):
    """Every site's water, re-derived from its energy by source and the dataset's intensities
    read straight from the scenario: IT energy x its cooling design's WUE + each plant's
    generation x its water per MWh + grid import x its country's grid water per MWh."""
    name, r = seed
    d, scn = r.data, r.scenario
    tech = np.array([scn["power"][str(t)][f"water_{kind}_l_per_kwh"] for t in d["tech"].values])
    for site in d["site"].values:
        raw = scn["sites"][str(site)]
        cooling = _cooling(scn, raw)
        wue = scn["cooling_designs"][cooling][f"water_{kind}_l_per_kwh_it"] if cooling else 0.0
        country = scn["countries"].get(raw["country"], {})
        grid_w = country.get(f"grid_water_{kind}_l_per_kwh") or 0.0
        at = d.sel(site=site)
        it_twh = at["energy_twh"] / at["pue"]
        own = it_twh * wue + (at["generation_twh"] * tech[:, None]).sum("tech")
        total = own + at["grid_import_twh"] * grid_w
        # GL = TWh x L/kWh
        np.testing.assert_allclose(at[f"water_site_{kind}_gl"], own, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(at[f"water_{kind}_gl"], total, rtol=1e-9, atol=1e-12)
    assert len(r.summary["by_year"][f"water_{kind}_gl"]) == len(r.summary["years"]), name


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


def test_grid_energy_waits_for_the_interconnection_queue(seed):
    """No site draws more grid energy than its connection in service, and no new connection
    serves before the site's interconnection lead time (rounded up) has passed."""
    name, r = seed
    d = r.data
    start = r.summary["years"][0]
    for site in d["site"].values:
        info = r.meta["sites"][str(site)]
        conn = d["grid_connection_gw"].sel(site=site)
        grid = d["grid_import_twh"].sel(site=site)
        assert bool((grid <= conn * 8.76 * (1 + 1e-9) + 1e-9).all()), (name, site)
        first = start + int(np.ceil(info["interconnection_lead_years"]))
        early = conn.sel(year=[y for y in conn["year"].values if y < first])
        assert bool((early <= info["existing_grid_import_gw"] + 1e-9).all()), (name, site)


def test_gas_turbines_stay_within_their_supply(seed):
    name, r = seed
    d = r.data
    supply = r.scenario["power_supply"]["gas_turbine_gw_per_year"]
    if supply is None:
        return
    limit = np.interp(
        d["year"].values,
        sorted(supply["by_year"]),
        [supply["by_year"][k] for k in sorted(supply["by_year"])],
    )
    assert bool((d["gas_turbines_built_gw"].values <= limit * (1 + 1e-9) + 1e-9).all()), name
