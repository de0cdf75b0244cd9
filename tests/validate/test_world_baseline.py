"""The calibrated world baseline: IEA totals, regional split, conventional load, by_region."""

from __future__ import annotations

import pytest

import flopgrid
from flopgrid.audit import load_cases, run_cases

REGIONS = ["United States", "China", "Europe", "Asia-Pacific excl. China", "Rest of world"]


@pytest.fixture(scope="module")
def result():
    return flopgrid.plan("world-baseline")


def _energy(summary, year, region=None):
    node = summary["by_region"][region] if region else summary["by_year"]
    return node["energy_twh"][summary["years"].index(year)]


def test_plans_and_serves_all_demand(result):
    """How fast is the benchmarks' business (machines differ); here: it plans, every
    stage is timed, and all demand is served."""
    assert result.status == "optimal"
    timings = result.meta["timings_s"]
    assert timings["total_s"] >= timings["solver_s"] > 0
    assert result.summary["totals"]["unserved_h100e_years"] < 1.0


@pytest.mark.parametrize(("year", "iea"), [(2024, 415.0), (2030, 945.0)])
def test_iea_world_totals_within_10_percent(result, year, iea):
    assert _energy(result.summary, year) == pytest.approx(iea, rel=0.10)


def test_by_region_has_the_iea_regions_and_sums_to_the_world(result):
    s = result.summary
    assert set(s["by_region"]) == set(REGIONS)
    for key in (
        "energy_twh",
        "it_power_gw",
        "facility_power_gw",
        "emissions_mt",
        "accelerators",
        "delivered_h100e",
    ):
        total = [sum(s["by_region"][r][key][i] for r in REGIONS) for i in range(len(s["years"]))]
        assert total == pytest.approx(s["by_year"][key], rel=1e-9), key
    for r in REGIONS:
        entry = s["by_region"][r]
        assert len(entry["sites"]) == 2
        assert entry["delivered_h100e"] == pytest.approx(entry["demand_h100e"], rel=1e-6)
        assert max(entry["unserved_h100e"]) < 1.0


def test_conventional_load_is_its_own_class(result):
    s = result.summary
    i = s["years"].index(2024)
    us = s["by_site"]["us-conventional"]["by_year"]
    # conventional IT 15.25 GW x PUE 1.54 x load factor 0.7 x 8.76 TWh/GW-yr, no accelerators
    assert us["energy_twh"][i] == pytest.approx(15.25 * 1.54 * 0.7 * 8.76, rel=1e-9)
    assert us["accelerators"][i] == 0
    assert us["delivered_h100e"][i] == 0
    # the 2024 AI fleet: 3.488 M H100 x 1.33 kW x PUE 1.2 x 0.8 x 8.76
    ai = s["by_site"]["us-ai"]["by_year"]["energy_twh"][i]
    assert ai == pytest.approx(3.488e6 * 1.33e-6 * 1.2 * 0.8 * 8.76, rel=1e-9)


def test_accelerators_only_at_ai_sites(result):
    for name, site in result.summary["by_site"].items():
        if name.endswith("-conventional"):
            assert max(site["by_year"]["accelerators"]) == pytest.approx(0.0, abs=1e-6), name


@pytest.mark.parametrize(
    ("year", "t_per_mwh"),
    [
        (2024, 0.2061),  # the mean of Europe's 2024 rows of countries.csv
        (2027, 0.2061 + (0.1419 - 0.2061) * 3 / 6),  # linear between the path's points
        (2030, 0.1419),
        (2035, 0.1127),
    ],
)
def test_emissions_follow_the_regional_grid_carbon_path(result, year, t_per_mwh):
    """The carbon path changes emissions year by year, as worked out by hand from the
    scenario's Europe path (2024 / 2030 / 2035 points, interpolated between)."""
    s = result.summary
    i = s["years"].index(year)
    eu = s["by_region"]["Europe"]
    assert eu["emissions_mt"][i] == pytest.approx(eu["energy_twh"][i] * t_per_mwh, rel=1e-6)


def test_data_center_emissions_against_the_iea(result):
    """Checks, not calibration (no input was set from these figures): the IEA's ~180 Mt in
    2024 within 15 %, and 2035 well below the 524 Mt of grids frozen at 2024."""
    by = result.summary["by_year"]
    years = result.summary["years"]
    assert by["emissions_mt"][years.index(2024)] == pytest.approx(180.0, rel=0.15)
    assert by["emissions_mt"][years.index(2035)] < 0.8 * 524.0


def test_every_shipped_case_passes(result):
    cases, path = load_cases()
    assert {"iea-world-2024", "iea-world-2030"} <= {c["id"] for c in cases}
    assert len(cases) >= 12
    results = run_cases(cases, path.parent, plan_fn=lambda *_a: result)
    failing = [(r.case["id"], r.value, r.difference) for r in results if not r.passed]
    assert failing == []
