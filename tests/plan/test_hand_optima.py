"""Planning cases whose optimum is worked out by hand (GenX-style known optima)."""

from __future__ import annotations

import pytest

import flopgrid
from flopgrid import PlanOptions
from flopgrid.errors import ModelInfeasibleError


def crf(r: float, life: int) -> float:
    return r / (1 - (1 + r) ** -life)


HOURS = 8760.0
ACC_ANNUITY = 30_000 * crf(0.1, 5)  # USD per accelerator-year
DC_ANNUITY_PER_KW = 10_000 * crf(0.1, 20)  # USD per kW IT-year
MWH_PER_ACC = 1.0 * 1.2 * 0.8 * HOURS / 1000  # 1 kW IT x PUE x load factor x 8760 h


def plan_dict(write, data, **kw):
    return flopgrid.plan(write(data), options=PlanOptions(**kw))


def test_one_site_grid_only_objective(write, base):
    r = plan_dict(write, base)
    expected = 1e6 * (ACC_ANNUITY + DC_ANNUITY_PER_KW + MWH_PER_ACC * 50)
    assert r.status == "optimal"
    assert r.objective_usd == pytest.approx(expected, rel=1e-6)
    by = r.summary["by_year"]
    assert by["accelerators"] == [pytest.approx(1e6)]
    assert by["energy_twh"] == [pytest.approx(8.4096)]
    assert by["emissions_mt"] == [pytest.approx(8.4096 * 0.4)]
    assert by["capex_usd"] == [pytest.approx(30e9 + 10e9)]


def _two_sites(base, price_b=60.0, cap_a=0.6):
    base["sites"]["a"].update(grid_price_usd_per_mwh=30, max_facility_gw=cap_a)
    base["sites"]["b"] = dict(
        base["sites"]["a"], grid_price_usd_per_mwh=price_b, max_facility_gw=10, country="CA"
    )
    return base


def test_cheaper_power_wins_until_its_cap_binds(write, base):
    r = plan_dict(write, _two_sites(base))
    it = r.data["it_power_gw"].sel(year=2030)
    assert float(it.sel(site="a")) == pytest.approx(0.5, rel=1e-6)  # 0.6 GW / PUE 1.2
    assert float(it.sel(site="b")) == pytest.approx(0.5, rel=1e-6)
    energy = 0.5e6 * MWH_PER_ACC * (30 + 60)
    expected = 1e6 * (ACC_ANNUITY + DC_ANNUITY_PER_KW) + energy
    assert r.objective_usd == pytest.approx(expected, rel=1e-6)
    top = r.bottlenecks[0]
    assert (top["constraint"], top["where"], top["year"]) == ("site_cap", "a", 2030)
    # one more GW of facility at a moves 1/1.2 GW IT from 60 to 30 USD/MWh
    assert top["value"] == pytest.approx(1 / 1.2 * 1e6 * MWH_PER_ACC * 30 / 1e9, rel=1e-6)
    assert top["unit"] == "B USD per GW"
    assert "at a" in top["explanation"] and "2030" in top["explanation"]


def test_lead_time_forces_unserved_compute_in_early_years(write, base):
    base["years"] = {"start": 2025, "end": 2028}
    base["datacenter_designs"]["d"]["lead_years"] = 2
    base["demand"]["by_year"] = {2025: 1_000_000}
    r = plan_dict(write, base)
    assert r.summary["by_year"]["unserved_h100e"] == pytest.approx([1e6, 1e6, 0, 0], abs=1e-3)
    assert r.summary["by_year"]["accelerators"] == pytest.approx([0, 0, 1e6, 1e6], abs=1e-3)


def test_export_cap_moves_accelerators_to_another_country(write, base):
    data = _two_sites(base, cap_a=10)
    data["sites"]["a"]["country"] = "AE"
    data["policy"] = {"export_caps": {"AE": {"by_year": {2030: 300_000}}}}
    r = plan_dict(write, data)
    acc = r.data["accelerators_in_service"].sel(year=2030).sum("gen")
    assert float(acc.sel(site="a")) == pytest.approx(3e5, rel=1e-6)
    assert float(acc.sel(site="b")) == pytest.approx(7e5, rel=1e-6)
    cap = next(b for b in r.bottlenecks if b["constraint"] == "export_cap")
    assert cap["where"] == "AE"
    assert cap["value"] == pytest.approx(MWH_PER_ACC * 30, rel=1e-6)  # USD per accelerator
    assert cap["unit"] == "USD per accelerator"


def test_forbidden_class_keeps_accelerators_out_of_a_country(write, base):
    data = _two_sites(base, cap_a=10)
    data["sites"]["a"]["country"] = "AE"
    data["accelerators"]["X"]["export_class"] = "us-advanced"
    data["policy"] = {"forbidden": {"AE": ["us-advanced"]}}
    r = plan_dict(write, data)
    acc = r.data["accelerators_in_service"].sel(year=2030).sum("gen")
    assert float(acc.sel(site="a")) == 0
    assert float(acc.sel(site="b")) == pytest.approx(1e6, rel=1e-6)


def _wafer_limited(base):
    base["supply"].update(wafers_per_year=10_000, new_fabs_allowed=True)
    base["supply"]["new_fab"].update(lead_years=0, capex_usd=2e10, wafers_per_year=1e6)
    return base


def test_wafer_limit_makes_new_fabs_worth_building(write, base):
    r = plan_dict(write, _wafer_limited(base))
    by = r.summary["by_year"]
    assert by["unserved_h100e"] == [pytest.approx(0, abs=1e-6)]
    needed = 1e6 / 30 - 10_000  # wafers beyond existing supply
    assert by["new_fabs"] == [pytest.approx(needed / 1e6, rel=1e-6)]
    wafer = next(b for b in r.bottlenecks if b["constraint"] == "wafer_supply")
    assert wafer["value"] == pytest.approx(2e10 * crf(0.1, 20) / 1e6, rel=1e-6)  # USD per wafer


def test_milp_builds_whole_fabs(write, base):
    r = plan_dict(write, _wafer_limited(base), milp=True)
    assert r.summary["by_year"]["new_fabs"] == [pytest.approx(1.0)]
    expected = 1e6 * (ACC_ANNUITY + DC_ANNUITY_PER_KW + MWH_PER_ACC * 50) + 2e10 * crf(0.1, 20)
    assert r.objective_usd == pytest.approx(expected, rel=1e-6)


def test_firm_capacity_with_reserve_margin(write, base):
    base["sites"]["a"].update(grid_import_gw=0, build=["gas"])
    base["power"]["gas"] = {
        "capex_usd_per_kw": 1000,
        "variable_usd_per_mwh": 40,
        "capacity_factor": 0.9,
        "capacity_credit": 1.0,
        "emissions_t_per_mwh": 0.5,
        "lifetime_years": 25,
    }
    base["policy"] = {"reserve_margin": 0.15}
    r = plan_dict(write, base)
    cap = float(r.data["power_capacity_gw"].sel(site="a", tech="gas", year=2030))
    assert cap == pytest.approx(1.2 * 1.15, rel=1e-6)
    expected = 1e6 * (ACC_ANNUITY + DC_ANNUITY_PER_KW + MWH_PER_ACC * 40) + (
        1.38e6 * 1000 * crf(0.1, 25)
    )
    assert r.objective_usd == pytest.approx(expected, rel=1e-6)


def test_carbon_price_is_charged_on_emissions(write, base):
    base["policy"] = {"carbon_price_usd_per_t": 100}
    r = plan_dict(write, base)
    expected = 1e6 * (ACC_ANNUITY + DC_ANNUITY_PER_KW + MWH_PER_ACC * (50 + 0.4 * 100))
    assert r.objective_usd == pytest.approx(expected, rel=1e-6)


def test_budget_caps_cash_capex_and_leaves_demand_unserved(write, base):
    base["policy"] = {"budget_usd_per_year": 20e9}  # half of the 40 B USD needed
    r = plan_dict(write, base)
    by = r.summary["by_year"]
    assert by["capex_usd"] == [pytest.approx(20e9, rel=1e-6)]
    assert by["accelerators"] == [pytest.approx(0.5e6, rel=1e-6)]
    assert by["unserved_h100e"] == [pytest.approx(0.5e6, rel=1e-6)]
    assert any(b["constraint"] == "budget" for b in r.bottlenecks)


def test_min_clean_share_forces_clean_generation(write, base):
    base["sites"]["a"].update(build=["solar"], grid_clean_share=0.0)
    base["power"]["solar"] = {
        "capex_usd_per_kw": 1000,
        "capacity_factor": 0.25,
        "capacity_credit": 0.0,
        "clean": True,
        "lifetime_years": 25,
    }
    base["policy"] = {"min_clean_share": 0.5}
    r = plan_dict(write, base)
    gen = float(r.data["generation_twh"].sel(site="a", tech="solar", year=2030))
    grid = float(r.data["grid_import_twh"].sel(site="a", year=2030))
    assert gen == pytest.approx(0.5 * 8.4096, rel=1e-6)
    assert gen + grid == pytest.approx(8.4096, rel=1e-6)


def test_export_cap_below_existing_fleet_is_reported_with_fields(write, base):
    base["accelerators"]["X"]["early_retirement"] = False  # else retiring meets the cap
    base["sites"]["a"]["country"] = "AE"
    base["sites"]["a"]["existing"] = {"year": 2029, "it_gw": 1.0, "accelerators": {"X": 500_000}}
    base["policy"] = {"export_caps": {"AE": {"by_year": {2030: 100_000}}}}
    with pytest.raises(ModelInfeasibleError) as info:
        plan_dict(write, base)
    text = str(info.value)
    assert "export_cap" in text and "policy.export_caps.AE" in text
    assert info.value.families[0]["family"] == "export_cap"
    assert info.value.families[0]["rows"][0][1] == pytest.approx(0.4, rel=1e-6)  # M short


def test_existing_assets_pay_fixed_om_but_no_capex(write, base):
    base["datacenter_designs"]["d"]["fixed_om_usd_per_kw_year"] = 100
    base["sites"]["a"]["existing"] = {"year": 2029, "it_gw": 0.4, "accelerators": {"X": 400_000}}
    r = plan_dict(write, base)
    new = 0.6e6  # accelerators (and kW IT) still to build
    expected = new * (ACC_ANNUITY + DC_ANNUITY_PER_KW) + 1e6 * 100 + 1e6 * MWH_PER_ACC * 50
    assert r.objective_usd == pytest.approx(expected, rel=1e-6)
    assert float(r.data["cost_pv_usd"].sum()) == pytest.approx(expected, rel=1e-6)
    assert r.summary["by_year"]["accelerators_built"] == [pytest.approx(new)]


def test_export_cap_below_existing_fleet_is_met_by_retiring_early(write, base):
    base["sites"]["a"]["country"] = "AE"
    base["sites"]["a"]["existing"] = {"year": 2029, "it_gw": 1.0, "accelerators": {"X": 500_000}}
    base["policy"] = {"export_caps": {"AE": {"by_year": {2030: 100_000}}}}
    base["demand"]["by_year"] = {2030: 100_000}
    r = plan_dict(write, base)
    assert r.summary["by_year"]["accelerators_retired_early"] == [pytest.approx(400_000)]
    assert r.summary["by_year"]["accelerators"] == [pytest.approx(100_000)]
