"""The power and water data: prices and fuels by place and year, costs by region and year,
limits on building power, water. Each check can fail on a bad row."""

from __future__ import annotations

import csv

import pytest

from flopgrid import load_scenario
from flopgrid.scenario import expand, expand_power
from flopgrid.scenario.dataset import data_dir, load_default


@pytest.fixture(scope="module")
def countries() -> list[dict]:
    with (data_dir() / "countries.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def dataset():
    return load_default()[0]


def test_gas_in_japan_and_germany_is_at_least_twice_the_us_price(countries):
    gas = {r["iso2"]: float(r["gas_price_usd_per_mmbtu"]) for r in countries}
    assert gas["JP"] >= 2 * gas["US"]
    assert gas["DE"] >= 2 * gas["US"]
    for r in countries:
        assert r["gas_source"].strip(), r["iso2"]


def test_every_country_has_its_own_power_price(countries):
    """No copy of another country's price, no US proxy, a source and a confidence each."""
    prices = [r["industrial_price_usd_per_mwh"] for r in countries]
    assert len(set(prices)) == len(prices)
    for r in countries:
        assert "PROXY: figures.md US industrial price" not in r["price_source"], r["iso2"]
        assert r["price_confidence"] in ("high", "medium", "low"), r["iso2"]
    assert (
        float(next(r for r in countries if r["iso2"] == "DE")["industrial_price_usd_per_mwh"]) > 200
    )


def test_every_country_has_a_gas_price_cost_region_interconnection_and_grid_water(countries):
    for r in countries:
        for column, source in (
            ("gas_price_usd_per_mmbtu", "gas_source"),
            ("cost_region", "cost_region_source"),
            ("interconnection_lead_years", "interconnection_source"),
            ("grid_water_consumption_l_per_kwh", "grid_water_source"),
        ):
            assert r[column].strip() and r[source].strip(), (r["iso2"], column)


def test_water_stress_unknown_is_empty_not_zero(countries):
    scores = {r["iso2"]: r["water_stress_score"] for r in countries}
    assert float(scores["AE"]) == pytest.approx(5.0)
    assert scores["US"] == ""  # not retrieved: unknown, never 0
    assert all(s == "" or 0 < float(s) <= 5 for s in scores.values())


def test_paths_reach_2035_for_prices_gas_and_carbon(dataset):
    for iso, c in dataset["countries"].items():
        for field in (
            "industrial_price_usd_per_mwh",
            "gas_price_usd_per_mmbtu",
            "grid_carbon_t_per_mwh",
        ):
            path = c[field]
            assert isinstance(path, dict) and 2035 in path["by_year"], (iso, field)
    us = dataset["countries"]["US"]["grid_carbon_t_per_mwh"]["by_year"]
    assert us[2035] < us[2024]  # EIA AEO2025: the US grid gets cleaner


def test_costs_differ_by_region_and_fall_with_learning():
    scn = load_scenario("global-36-fabs")
    years = [2025, 2035]
    us = expand_power.tech_cost(scn, "us-texas", "solar_pv", "capex_usd_per_kw", years)
    india = expand_power.tech_cost(scn, "in-mumbai", "solar_pv", "capex_usd_per_kw", years)
    assert us[0] == pytest.approx(1605.5, rel=1e-3)  # NREL ATB 2024 via PyPSA v0.14.0
    assert india[0] == pytest.approx(466.5, rel=1e-3)  # EU/DEA x WEO-2022 India ratio
    assert us[1] < us[0] and india[1] < india[0]


def test_fuel_is_the_countrys_gas_price_times_the_heat_rate():
    scn = load_scenario("global-36-fabs")
    jp = expand_power.fuel_usd_per_mwh(scn, "jp-niigata", "gas_turbine", [2024])[0]
    us = expand_power.fuel_usd_per_mwh(scn, "us-texas", "gas_turbine", [2024])[0]
    assert jp / us == pytest.approx(12.0 / 2.19, rel=1e-9)
    assert expand_power.fuel_usd_per_mwh(scn, "us-texas", "solar_pv", [2024])[0] == 0.0


def test_every_seed_site_has_a_land_limit():
    from flopgrid.scenario import builtin_names

    for name in builtin_names():
        if name == "world-baseline":  # regional aggregates, not campuses
            continue
        scn = load_scenario(name)
        for site, s in scn.sites.items():
            assert s.land_km2 is not None, (name, site)


def test_interconnection_lead_time_of_a_site_its_country_or_the_grid():
    scn = load_scenario("global-36-fabs")
    assert expand_power.interconnection_lead_years(scn, "us-texas") == 3  # its own (ERCOT)
    assert expand_power.interconnection_lead_years(scn, "gb-teesside") == 8  # GB's
    assert expand.site_grid_carbon(scn, "gb-teesside", 2030) < 0.05  # Clean Power 2030
