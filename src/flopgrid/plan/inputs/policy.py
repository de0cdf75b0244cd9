"""Policy levers: carbon price, budget, clean-energy floor, reserve margin, export caps."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from ... import units
from ...scenario import expand_chips
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
        (country, year) most capped accelerators (or M h100e) in service [M]; inf where none.
    export_cap_weight
        (country, gen): what one accelerator of that generation counts against the
        country's cap (1, its h100e for a cap in h100e, 0 if not capped).
    export_cap_source
        (country) the cap's scenario field (``policy.export_caps.XX`` or an export rule).
    """

    carbon_price_busd_per_mt: xr.DataArray
    budget_busd: xr.DataArray
    min_clean_share: xr.DataArray
    reserve_margin: float
    export_cap_m: xr.DataArray
    export_cap_weight: xr.DataArray
    export_cap_source: xr.DataArray


def build_policy(scn: Scenario, h: Horizon, sites: Sites, acc: Accelerators) -> Policy:
    pol = scn.policy
    countries = sites.countries
    caps = np.full((len(countries), len(h.years)), np.inf)
    weight = np.zeros((len(countries), len(acc.names)))
    field = np.full(len(countries), "", dtype=object)
    rules = expand_chips.cap_rules(scn, countries)
    years = h.years.values
    for i, country in enumerate(countries):
        cap = pol.export_caps.get(country)
        if cap is not None:
            caps[i] = units.to_millions(h.by_year(cap.by_year).values)
            weight[i] = [cap.classes is None or c in cap.classes for c in acc.export_class.values]
            field[i] = f"policy.export_caps.{country}"
        elif country in rules:
            name, rule = rules[country]
            inside = (years >= (rule.from_year or 0)) & (years <= (rule.until_year or 9999))
            caps[i] = np.where(
                inside, units.to_millions(h.by_year(rule.cap_by_year).values), np.inf
            )
            counts = np.array([expand_chips.cap_counts(scn, rule, str(g)) for g in acc.names])
            per = acc.h100e.values if rule.cap_unit == "h100e" else 1.0
            weight[i] = counts * per
            field[i] = f"policy.export_rules.{name}"
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
        export_cap_weight=xr.DataArray(
            weight, dims=("country", "gen"), coords={"country": countries, "gen": acc.names}
        ),
        export_cap_source=xr.DataArray(field, dims="country", coords={"country": countries}),
    )
