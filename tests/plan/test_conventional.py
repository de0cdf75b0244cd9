"""Conventional (non-AI) data-center load: exogenous IT power with its own energy and capacity."""

from __future__ import annotations

import pytest

import flopgrid


def crf(r: float, life: int) -> float:
    return r / (1 - (1 + r) ** -life)


HOURS = 8760.0


def _conventional(base: dict) -> dict:
    base["years"] = {"start": 2030, "end": 2031}
    base["demand"]["by_year"] = {2030: 0}
    site = base["sites"]["a"]
    site["conventional_it_gw"] = {"by_year": {2030: 1.0, 2031: 2.0}}
    site["existing"] = {"year": 2030, "it_gw": 1.0}
    return base


def test_conventional_load_draws_energy_and_needs_datacenter_capacity(write, base):
    r = flopgrid.plan(write(_conventional(base)))
    by = r.summary["by_year"]
    # IT x PUE 1.2 x load factor 0.8 x 8760 h
    assert by["it_power_gw"] == pytest.approx([1.0, 2.0])
    assert by["facility_power_gw"] == pytest.approx([1.2, 2.4])
    assert by["energy_twh"] == pytest.approx([8.4096, 16.8192])
    assert by["emissions_mt"] == pytest.approx([8.4096 * 0.4, 16.8192 * 0.4])
    assert by["accelerators"] == pytest.approx([0, 0], abs=1e-9)
    assert by["delivered_h100e"] == pytest.approx([0, 0], abs=1e-9)
    # the second GW of conventional IT needs a new GW of data center (10,000 USD/kW, lead 0)
    assert r.data["datacenter_built_gw"].sel(site="a", year=2031).item() == pytest.approx(1.0)
    assert by["capex_usd"] == pytest.approx([0, 10e9], abs=1)
    grid_2030 = 8.4096e6 * 50
    year_2031 = 1e6 * 10_000 * crf(0.1, 20) + 16.8192e6 * 50
    assert r.objective_usd == pytest.approx(grid_2030 + year_2031 / 1.1, rel=1e-6)


def test_conventional_load_crowds_ai_out_of_a_capped_campus(write, base):
    # 2.4 GW facility cap / PUE 1.2 = 2 GW IT; conventional takes 1 GW, so 1 M of the
    # 1.5 M h100e (1 kW IT each) fit and 0.5 M are unserved
    base["demand"]["by_year"] = {2030: 1_500_000}
    base["sites"]["a"].update(max_facility_gw=2.4, conventional_it_gw=1.0)
    r = flopgrid.plan(write(base))
    by = r.summary["by_year"]
    assert by["accelerators"] == pytest.approx([1e6], rel=1e-6)
    assert by["unserved_h100e"] == pytest.approx([0.5e6], rel=1e-6)
    assert by["it_power_gw"] == pytest.approx([2.0], rel=1e-6)
    assert by["energy_twh"] == pytest.approx([2.0 * 1.2 * 0.8 * HOURS / 1000], rel=1e-6)


def test_no_conventional_load_leaves_the_model_unchanged(write, base):
    plain = flopgrid.plan(write(base, "a.yaml"))
    base["sites"]["a"]["conventional_it_gw"] = 0
    zero = flopgrid.plan(write(base, "b.yaml"))
    assert zero.objective_usd == pytest.approx(plain.objective_usd, rel=1e-9)


def test_a_conventional_only_site_hosts_no_accelerators(write, base):
    # site b has cheaper power but hosts conventional load only: the 1 M accelerators stay
    # at a, and b's conventional 0.5 GW still draws its energy there
    base["sites"]["b"] = dict(
        base["sites"]["a"],
        grid_price_usd_per_mwh=10,
        conventional_it_gw=0.5,
        hosts_accelerators=False,
    )
    r = flopgrid.plan(write(base))
    acc = r.data["accelerators_in_service"].sum("gen").sel(year=2030)
    assert float(acc.sel(site="a")) == pytest.approx(1e6, rel=1e-6)
    assert float(acc.sel(site="b")) == pytest.approx(0.0, abs=1e-6)
    energy = r.data["energy_twh"].sel(year=2030)
    assert float(energy.sel(site="b")) == pytest.approx(0.5 * 1.2 * 0.8 * HOURS / 1000)
