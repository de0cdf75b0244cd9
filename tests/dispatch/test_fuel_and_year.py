"""Dispatch reads the dispatched year's fuel, price and carbon: hand-worked cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from flopgrid.dispatch.fleet import Fleet
from flopgrid.dispatch.run import dispatch
from flopgrid.scenario.schema import Scenario
from flopgrid.timeseries.profiles import HOURS, Profiles, year_hours

from . import helpers as h

HEAT_RATE = 7.0  # MMBtu/MWh
GRID_PRICE = 50.0  # USD/MWh


def _scenario(gas_prices: dict[str, float]) -> Scenario:
    """Two sites of 1 M h100e at 1 GW, each with 1 GW of CCGT and 1 GW of grid at
    50 USD/MWh; the CCGT burns 7 MMBtu/MWh at the site's gas price."""
    data = h.scenario({s: {"lon": float(i)} for i, s in enumerate(gas_prices)}, {}).model_dump()
    data["power"] = {
        "grid": {"kind": "grid"},
        "ccgt": {"kind": "generator", "fuel": "gas", "heat_rate_mmbtu_per_mwh": HEAT_RATE},
    }
    for site, gas in gas_prices.items():
        data["sites"][site].update(grid_price_usd_per_mwh=GRID_PRICE, gas_price_usd_per_mmbtu=gas)
    data["dispatch"] = {"default_inference_share": 1.0}
    return Scenario.model_validate(data)


def _run(scn: Scenario):
    sites = list(scn.sites)
    fleet = Fleet(
        scenario=scn,
        year=h.YEAR,
        compute_mh100e=pd.Series(1.0, index=sites),
        it_gw=pd.Series(1.0, index=sites),
        pue=pd.Series(1.0, index=sites),
        load_factor=pd.Series(1.0, index=sites),
        power_gw=pd.DataFrame({"ccgt": [1.0] * len(sites)}, index=sites),
        grid_import_gw=pd.Series(1.0, index=sites),
        source="test",
    )
    coords = {"site": sites, "hour": np.arange(HOURS)}
    prof = Profiles(
        times=year_hours(h.YEAR),
        availability=xr.DataArray(
            np.ones((len(sites), 1, HOURS)),
            coords={**coords, "tech": ["ccgt"]},
            dims=("site", "tech", "hour"),
        ),
        price_usd_per_mwh=xr.DataArray(np.full((len(sites), HOURS), GRID_PRICE), coords=coords),
        carbon_t_per_mwh=xr.DataArray(np.full((len(sites), HOURS), 0.4), coords=coords),
    )
    return dispatch(fleet, weeks=[1], profiles=prof)


def test_gas_price_decides_ccgt_or_grid():
    """At 3 USD/MMBtu the CCGT costs 7 x 3 = 21 USD/MWh, below the grid's 50: the US-priced
    site runs its CCGT. At 12 USD/MMBtu (Japan's LNG) it would cost 84: that site imports.
    A week of 1 GW: 168 GWh at 21 and at 50 USD/MWh."""
    r = _run(_scenario({"us": 3.0, "jp": 12.0}))
    us, jp = r.summary["by_site"]["us"], r.summary["by_site"]["jp"]
    week_twh = 168 / 1000
    assert us["generation_twh"]["ccgt"] == pytest.approx(week_twh, rel=1e-6)
    assert us["grid_import_twh"] == pytest.approx(0.0, abs=1e-9)
    assert jp["grid_import_twh"] == pytest.approx(week_twh, rel=1e-6)
    assert jp["generation_twh"]["ccgt"] == pytest.approx(0.0, abs=1e-9)
    assert us["energy_cost_usd"] == pytest.approx(168_000 * 21.0, rel=1e-6)
    assert jp["energy_cost_usd"] == pytest.approx(168_000 * GRID_PRICE, rel=1e-6)


def test_the_dispatched_year_reads_its_own_gas_price():
    """A gas path from 3 (2029) to 9 USD/MMBtu (2031): in 2030 it is 6, so the CCGT costs
    42 USD/MWh and still beats the grid; the energy cost is 168 GWh x 42 USD/MWh."""
    scn = _scenario({"a": 3.0})
    data = scn.model_dump()
    data["sites"]["a"]["gas_price_usd_per_mmbtu"] = {"by_year": {2029: 3.0, 2031: 9.0}}
    r = _run(Scenario.model_validate(data))
    assert r.summary["by_site"]["a"]["energy_cost_usd"] == pytest.approx(168_000 * 42.0, rel=1e-6)


def test_hourly_grid_price_and_carbon_are_the_dispatched_years():
    """Flat shapes scaled to the site's annual means: the carbon path 0.4 (2024) -> 0.2
    (2034) gives 0.3 t/MWh in 2029; the price path 60 -> 80 USD/MWh gives 70."""
    from flopgrid.scenario.schema import Dispatch
    from flopgrid.timeseries.profiles import build_profiles

    data = _scenario({"a": 3.0}).model_dump()
    data["sites"]["a"].update(
        grid_carbon_t_per_mwh={"by_year": {2024: 0.4, 2034: 0.2}},
        grid_price_usd_per_mwh={"by_year": {2024: 60.0, 2034: 80.0}},
    )
    scn = Scenario.model_validate(data)
    prof = build_profiles(
        scn, ["a"], ["ccgt"], 2029, Dispatch(price_shape="flat", carbon_shape="flat")
    )
    assert float(prof.carbon_t_per_mwh.mean()) == pytest.approx(0.3, rel=1e-9)
    assert float(prof.price_usd_per_mwh.mean()) == pytest.approx(70.0, rel=1e-9)
