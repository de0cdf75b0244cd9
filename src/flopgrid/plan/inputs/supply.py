"""Upstream supply: leading-edge wafers, CoWoS packaging, HBM, and new fabs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from ... import finance, units
from ...scenario import expand
from ...scenario.schema import Scenario
from .horizon import Horizon, buildable_from, cash_spread, in_service


@dataclass(frozen=True)
class Fabs:
    """A new leading-edge fab, as one unit the plan may build.

    Attributes
    ----------
    allowed
        New fabs may be built at all.
    capex_busd, fixed_om_busd
        Overnight capex [B USD] and fixed O&M [B USD/yr] of one fab.
    wafers_m
        Wafers a fab makes a year [M wafers].
    lead_years, lifetime_years, crf
        Build time [yr], life [yr], capital recovery factor [1/yr].
    max_per_year
        Most fabs entering service in a year (None: no limit).
    in_service, cash
        (vintage, year) matrices.
    buildable
        (vintage,): a fab may enter service then.
    """

    allowed: bool
    capex_busd: float
    fixed_om_busd: float
    wafers_m: float
    lead_years: int
    lifetime_years: int
    crf: float
    max_per_year: float | None
    in_service: xr.DataArray
    cash: xr.DataArray
    buildable: xr.DataArray


@dataclass(frozen=True)
class Supply:
    """Yearly supply available for AI accelerators (dim ``year``).

    Attributes
    ----------
    wafers_m
        Leading-edge wafers [M wafers/yr].
    cowos_m, hbm_m
        CoWoS wafers [M/yr] and HBM stacks [M/yr]; inf where not limited.
    fabs
        New fabs.
    """

    wafers_m: xr.DataArray
    cowos_m: xr.DataArray
    hbm_m: xr.DataArray
    fabs: Fabs


def build_supply(scn: Scenario, h: Horizon) -> Supply:
    sup = scn.supply
    fab = sup.new_fab

    def per_year_m(value) -> xr.DataArray:
        arr = units.to_millions(h.by_year(value))
        return arr.fillna(np.inf)

    return Supply(
        wafers_m=per_year_m(sup.wafers_per_year),
        cowos_m=per_year_m(sup.cowos_wafers_per_year),
        hbm_m=per_year_m(sup.hbm_stacks_per_year),
        fabs=Fabs(
            allowed=sup.new_fabs_allowed,
            capex_busd=units.busd_from_usd(fab.capex_usd),
            fixed_om_busd=units.busd_from_usd(fab.fixed_om_usd_per_year),
            wafers_m=units.to_millions(fab.wafers_per_year),
            lead_years=fab.lead_years,
            lifetime_years=fab.lifetime_years,
            crf=float(
                finance.capital_recovery_factor(
                    expand.cost_of_capital(scn, None), fab.lifetime_years
                )
            ),
            max_per_year=sup.max_new_fabs_per_year,
            in_service=in_service(h, fab.lifetime_years),
            cash=cash_spread(h, fab.lead_years),
            buildable=buildable_from(h, fab.lead_years),
        ),
    )
