"""Small dispatch cases whose optima can be worked out by hand.

Sites are placed on the equator; each has 1 M h100e drawing 1 GW (PUE 1), 1 GW of
solar whose hourly availability the test sets, and grid import at a flat price.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from flopgrid.dispatch.fleet import Fleet
from flopgrid.scenario.schema import Scenario
from flopgrid.timeseries.profiles import HOURS, Profiles, year_hours

YEAR = 2030


def scenario(sites: dict, dispatch: dict, forbidden: dict | None = None) -> Scenario:
    data = {
        "name": "dispatch-case",
        "years": {"start": YEAR, "end": YEAR},
        "discount_rate": 0.05,
        "demand": {"by_year": {YEAR: 0}},
        "accelerators": {
            "X": {
                "available_from": 2020,
                "h100e": 1.0,
                "it_kw": 1.0,
                "price_usd": 1.0,
                "lifetime_years": 5,
                "good_dies_per_wafer": 1,
            }
        },
        "datacenter_designs": {
            "d": {
                "capex_usd_per_kw": 0,
                "fixed_om_usd_per_kw_year": 0,
                "pue": 1.0,
                "load_factor": 1.0,
                "lead_years": 0,
                "lifetime_years": 20,
                "km2_per_gw": 0,
            }
        },
        "datacenter": {"design": "d"},
        "power": {
            "grid": {"kind": "grid"},
            "solar_pv": {"kind": "generator", "capacity_factor": 0.5},
            "battery": {
                "kind": "storage",
                "duration_hours": 4,
                "round_trip_efficiency": 0.81,
            },
        },
        "sites": {
            name: {
                "country": s.get("country", "US"),
                "lat": 0.0,
                "lon": s["lon"],
                "max_facility_gw": 10,
                "grid_import_gw": s.get("grid_gw", 1.0),
                "grid_price_usd_per_mwh": s.get("price", 100.0),
                "grid_carbon_t_per_mwh": 0.5,
            }
            for name, s in sites.items()
        },
        "supply": {
            "wafers_per_year": 1.0,
            "new_fab": {
                "capex_usd": 1.0,
                "wafers_per_year": 1.0,
                "lead_years": 1,
                "lifetime_years": 10,
            },
        },
        "policy": {"forbidden": forbidden or {}},
        "dispatch": dispatch,
    }
    return Scenario.model_validate(data)


def fleet(scn: Scenario, solar_gw: dict, battery_gw: dict | None = None) -> Fleet:
    sites = list(scn.sites)
    battery_gw = battery_gw or {}
    return Fleet(
        scenario=scn,
        year=YEAR,
        compute_mh100e=pd.Series(1.0, index=sites),
        it_gw=pd.Series(1.0, index=sites),
        pue=pd.Series(1.0, index=sites),
        load_factor=pd.Series(1.0, index=sites),
        power_gw=pd.DataFrame(
            {
                "solar_pv": [solar_gw.get(s, 0.0) for s in sites],
                "battery": [battery_gw.get(s, 0.0) for s in sites],
            },
            index=sites,
        ),
        grid_import_gw=pd.Series({s: scn.sites[s].grid_import_gw for s in sites}),
        source="test",
    )


def profiles(scn: Scenario, solar_hours: dict) -> Profiles:
    """Solar available (cf 1) in the given UTC hours of every day, else 0; flat price."""
    sites = list(scn.sites)
    hour = np.arange(HOURS) % 24
    avail = np.zeros((len(sites), 2, HOURS))
    for i, s in enumerate(sites):
        avail[i, 0] = np.isin(hour, list(solar_hours.get(s, []))).astype(float)
    price = np.array([[scn.sites[s].grid_price_usd_per_mwh] * HOURS for s in sites])
    carbon = np.full((len(sites), HOURS), 0.5)
    coords = {"site": sites, "hour": np.arange(HOURS)}
    return Profiles(
        times=year_hours(YEAR),
        availability=xr.DataArray(
            avail, coords={**coords, "tech": ["solar_pv", "battery"]}, dims=("site", "tech", "hour")
        ),
        price_usd_per_mwh=xr.DataArray(price, coords=coords, dims=("site", "hour")),
        carbon_t_per_mwh=xr.DataArray(carbon, coords=coords, dims=("site", "hour")),
    )
