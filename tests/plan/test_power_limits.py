"""Limits on building power and water, worked out by hand on the one-site case.

The case (tests/cases/one_site.yaml): 1 M accelerators of 1 kW IT and 1 h100e in 2030,
PUE 1.2, load factor 0.8 -> 1.2 GW facility, 8.4096 TWh; unserved compute costs
1 M USD per h100e-year; discount rate 10 %.
"""

from __future__ import annotations

import pytest

import flopgrid
from flopgrid.units import fmt_usd

HOURS = 8760.0
ENERGY_TWH = 1.0 * 1.2 * 0.8 * HOURS / 1000  # 8.4096
PENALTY = 1e6


def crf(r: float, life: int) -> float:
    return r / (1 - (1 + r) ** -life)


ACC = 30_000 * crf(0.1, 5)  # USD per accelerator-year
DC = 10_000 * crf(0.1, 20)  # USD per kW IT-year
MWH_PER_ACC = 1.0 * 1.2 * 0.8 * HOURS / 1000


def _off_grid(base: dict, tech: dict) -> dict:
    base["sites"]["a"].update(grid_import_gw=0, build=["gas"], gas_price_usd_per_mmbtu=3.0)
    base["power"]["gas"] = {"lifetime_years": 25, "capacity_credit": 1.0, **tech}
    return base


def test_gas_turbine_supply_binds_and_its_dual_is_the_compute_it_would_serve(write, base):
    """1 GW of turbines a year, 1.2 GW of firm gas needed: 1 GW serves 1/1.2 GW IT
    (0.833 M accelerators), the rest is unserved. One more GW of turbines would serve
    another 0.833 M h100e at the penalty less what serving costs (accelerators, data
    hall, fuel 10 MMBtu/MWh x 3 USD, the plant's annuity)."""
    data = _off_grid(
        base,
        {
            "capex_usd_per_kw": 1000,
            "fuel": "gas",
            "heat_rate_mmbtu_per_mwh": 10.0,
            "gas_turbine_gw_per_gw": 1.0,
        },
    )
    data["power_supply"] = {"gas_turbine_gw_per_year": 1.0}
    r = flopgrid.plan(write(data))
    assert float(r.data["gas_turbines_built_gw"].sel(year=2030)) == pytest.approx(1.0)
    assert r.summary["by_year"]["accelerators"] == [pytest.approx(1e6 / 1.2, rel=1e-6)]
    neck = next(b for b in r.bottlenecks if b["constraint"] == "gas_turbine_supply")
    per_gw = 1e6 / 1.2 * (PENALTY - ACC - DC - MWH_PER_ACC * 30.0) - 1e6 * 1000 * crf(0.1, 25)
    assert neck["value"] == pytest.approx(per_gw / 1e9, rel=1e-6)  # B USD per GW
    assert neck["explanation"].startswith("the gas-turbine supply binds in 2030")
    fuel = float(r.data["cost_fuel_usd"].sum())
    assert fuel == pytest.approx(ENERGY_TWH / 1.2 * 1e6 * 30.0, rel=1e-6)


def test_maximum_capacity_factor_caps_a_peaker(write, base):
    """A peaker available 90 % of the year but permitted to run 40 %: 8.4096 TWh needs
    8.4096 / (0.4 x 8.76) = 2.4 GW, twice the 1.2 GW the peak needs. Its dual: one more MWh
    a year allowed saves 1/(0.4 x 8760) kW of peaker, 1000 x CRF / 3.504 USD per MWh."""
    data = _off_grid(
        base,
        {
            "capex_usd_per_kw": 1000,
            "variable_usd_per_mwh": 40,
            "capacity_factor": 0.9,
            "max_capacity_factor": 0.4,
        },
    )
    r = flopgrid.plan(write(data))
    cap = float(r.data["power_capacity_gw"].sel(site="a", tech="gas", year=2030))
    assert cap == pytest.approx(ENERGY_TWH / (0.4 * 8.76), rel=1e-6)  # 2.4 GW
    expected = 1e6 * (ACC + DC + MWH_PER_ACC * 40) + cap * 1e6 * 1000 * crf(0.1, 25)
    assert r.objective_usd == pytest.approx(expected, rel=1e-6)
    neck = next(b for b in r.bottlenecks if b["constraint"] == "max_capacity_factor")
    assert neck["value"] == pytest.approx(1000 * crf(0.1, 25) / (0.4 * 8.76), rel=1e-6)
    assert "one more MWh a year allowed from gas in 2030" in neck["explanation"]
    assert "31.4 USD" in neck["explanation"]


def test_interconnection_lead_time_delays_grid_energy(write, base):
    """A grid-only site whose connection takes 2 years to come: no grid energy (and no
    compute) in 2030-2031; from 2032 the connection the plan built (1.2 GW, the peak) at
    100 USD/kW serves, paid as an annuity over 40 years while in service."""
    base["years"] = {"start": 2030, "end": 2033}
    base["power"]["grid"].update(capex_usd_per_kw=100, lifetime_years=40)
    base["sites"]["a"]["interconnection_lead_years"] = 2
    r = flopgrid.plan(write(base))
    grid = r.summary["by_year"]["grid_import_twh"]
    assert grid[:2] == [pytest.approx(0.0, abs=1e-9)] * 2
    assert grid[2:] == [pytest.approx(ENERGY_TWH, rel=1e-6)] * 2
    assert r.summary["by_year"]["unserved_h100e"][:2] == [pytest.approx(1e6, rel=1e-6)] * 2
    conn = r.summary["by_year"]["grid_connection_gw"]
    assert conn == pytest.approx([0.0, 0.0, 1.2, 1.2], abs=1e-6)
    annuity = 1.2e6 * 100 * crf(0.1, 40)
    assert float(r.data["cost_grid_connection_usd"].sel(year=2032).sum()) == pytest.approx(
        annuity, rel=1e-6
    )
    # cash: 120 M USD spread over the two years of the wait
    power_cash = r.summary["capex_by_class_usd"]["power"]
    assert power_cash == pytest.approx([60e6, 60e6, 0.0, 0.0], rel=1e-6)
    assert any(s["constraint"] == "power_lead_time" for s in r.meta["shortfalls"])


def test_an_existing_connection_serves_at_once_without_capex(write, base):
    base["years"] = {"start": 2030, "end": 2031}
    base["power"]["grid"].update(capex_usd_per_kw=100, lifetime_years=40)
    base["sites"]["a"].update(interconnection_lead_years=5, existing={"grid_import_gw": 1.2})
    r = flopgrid.plan(write(base))
    assert r.summary["by_year"]["grid_import_twh"] == pytest.approx([ENERGY_TWH] * 2, rel=1e-6)
    assert r.summary["capex_by_class_usd"]["power"] == pytest.approx([0.0, 0.0], abs=1e-6)


def test_water_cap_binds_with_its_dual_and_sentence(write, base):
    """Cooling withdraws 0.5 L per kWh of IT energy; the cap is 2 GL a year: 4 TWh of IT
    energy, 4 / 7.008 of the 1 GW IT wanted. Grid water is drawn at distant plants and
    counts in the totals, not against the site's cap. One more m3 a year would serve
    another 1e-6 GL x 2 TWh/GL / 7.008 TWh per GW IT of compute."""
    base["cooling_designs"] = {
        "towers": {"water_withdrawal_l_per_kwh_it": 0.5, "water_consumption_l_per_kwh_it": 0.4}
    }
    base["datacenter_designs"]["d"]["cooling"] = "towers"
    base["sites"]["a"]["water_limit_gl_per_year"] = 2.0
    r = flopgrid.plan(write(base))
    it_gw = 2.0 / 0.5 / (0.8 * 8.76)
    assert r.summary["by_year"]["it_power_gw"] == [pytest.approx(it_gw, rel=1e-6)]
    site = r.summary["by_site"]["a"]["by_year"]
    assert site["water_site_withdrawal_gl"] == [pytest.approx(2.0, rel=1e-6)]
    assert site["water_site_consumption_gl"] == [pytest.approx(1.6, rel=1e-6)]
    neck = next(b for b in r.bottlenecks if b["constraint"] == "water_limit")
    per_gl = 2.0 / 7.008 * 1e6 * (PENALTY - ACC - DC - MWH_PER_ACC * 50)  # USD per GL
    assert neck["value"] == pytest.approx(per_gl / 1e6, rel=1e-6)  # USD per m3
    assert neck["explanation"] == (  # the marginal value of water to the site, not its price
        "the water cap at a binds in 2030: one more m3 of water a year allowed for the site's "
        f"own use in 2030 would lower system cost by {fmt_usd(per_gl / 1e6)} (present value)"
    )


def test_fuel_and_grid_carbon_follow_their_paths_by_year(write, base):
    """Gas at 3 then 6 USD/MMBtu, 10 MMBtu/MWh: fuel 30 then 60 USD/MWh. Grid carbon
    0.4 -> 0.2 t/MWh: emissions of the grid-fed year fall with it."""
    base["years"] = {"start": 2030, "end": 2031}
    base["sites"]["a"]["grid_carbon_t_per_mwh"] = {"by_year": {2030: 0.4, 2031: 0.2}}
    base["sites"]["b"] = {
        "country": "CA",
        "max_facility_gw": 10,
        "grid_import_gw": 0,
        "build": ["gas"],
        "gas_price_usd_per_mmbtu": {"by_year": {2030: 3.0, 2031: 6.0}},
    }
    base["power"]["gas"] = {
        "capex_usd_per_kw": 0,
        "fuel": "gas",
        "heat_rate_mmbtu_per_mwh": 10.0,
        "capacity_credit": 1.0,
        "lifetime_years": 25,
    }
    r = flopgrid.plan(write(base))
    fuel = r.data["fuel_usd_per_mwh"].sel(site="b", tech="gas").values
    assert list(fuel) == pytest.approx([30.0, 60.0])
    grid = r.data["grid_import_twh"].sel(site="a")
    emissions = r.data["emissions_mt"].sel(site="a")
    assert float(emissions.sel(year=2030)) == pytest.approx(0.4 * float(grid.sel(year=2030)))
    assert float(emissions.sel(year=2031)) == pytest.approx(0.2 * float(grid.sel(year=2031)))
    gen = r.data["generation_twh"].sel(site="b", tech="gas")
    assert r.data["cost_fuel_usd"].sel(site="b").values == pytest.approx(
        (gen * 1e6 * fuel).values, rel=1e-9
    )
