"""Policy levers: carbon price, budget, clean-energy floor, reserve margin, export caps."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from ... import units
from ...scenario.schema import Scenario
from .accelerators import Accelerators
from .horizon import Horizon
from .sites import Sites


@dataclass(frozen=True)
class Policy:
    """Policy arrays.

    Attributes
    ----------
    carbon_price_busd_per_mt
        (year) carbon price [B USD/Mt].
    budget_busd
        (year) most cash capex a year [B USD]; inf where none.
    min_clean_share
        (year) least share of clean energy over all sites [1].
    reserve_margin
        Firm capacity above peak facility load [1].
    export_cap_m
        (country, year) most capped accelerators in service [M]; inf where none.
    export_capped
        (country, gen): the cap of that country counts that generation.
    """

    carbon_price_busd_per_mt: xr.DataArray
    budget_busd: xr.DataArray
    min_clean_share: xr.DataArray
    reserve_margin: float
    export_cap_m: xr.DataArray
    export_capped: xr.DataArray


def build_policy(scn: Scenario, h: Horizon, sites: Sites, acc: Accelerators) -> Policy:
    pol = scn.policy
    countries = sites.countries
    caps = np.full((len(countries), len(h.years)), np.inf)
    capped = np.zeros((len(countries), len(acc.names)), dtype=bool)
    for i, country in enumerate(countries):
        cap = pol.export_caps.get(country)
        if cap is None:
            continue
        caps[i] = units.to_millions(h.by_year(cap.by_year).values)
        capped[i] = [cap.classes is None or c in cap.classes for c in acc.export_class.values]
    return Policy(
        carbon_price_busd_per_mt=units.busd_per_mt_from_usd_per_t(
            h.by_year(pol.carbon_price_usd_per_t)
        ),
        budget_busd=units.busd_from_usd(h.by_year(pol.budget_usd_per_year)).fillna(np.inf),
        min_clean_share=h.by_year(pol.min_clean_share),
        reserve_margin=float(pol.reserve_margin),
        export_cap_m=xr.DataArray(
            caps, dims=("country", "year"), coords={"country": countries, "year": h.years}
        ),
        export_capped=xr.DataArray(
            capped, dims=("country", "gen"), coords={"country": countries, "gen": acc.names}
        ),
    )
