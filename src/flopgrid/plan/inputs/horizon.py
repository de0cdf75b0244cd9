"""The horizon: model years, discounting, and when assets of each vintage serve or are paid.

Build variables are indexed by ``vintage``, the year an asset enters service. These
matrices say, for each vintage, in which years it serves (``in_service``) and in which
years its overnight capex is paid (``cash_spread``); existing assets are alive until
their installation year plus their lifetime (``alive``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import xarray as xr

from ... import finance
from ...scenario import expand
from ...scenario.schema import Scenario


@dataclass(frozen=True)
class Horizon:
    """Model years and their discount factors.

    Attributes
    ----------
    years
        The model years, ``start`` .. ``end`` (index named ``year``).
    discount_rate
        The scenario's discount rate [1/yr].
    discount
        Present-value factor of each year, 1 in the first (year) [1].
    """

    years: pd.Index
    discount_rate: float
    discount: xr.DataArray

    @property
    def start(self) -> int:
        return int(self.years[0])

    @property
    def vintages(self) -> pd.Index:
        return self.years.rename("vintage")

    def by_year(self, value) -> xr.DataArray:
        """A scenario trajectory (number or ``{by_year}``) as one value per year."""
        return xr.DataArray(
            expand.trajectory(value, self.years), dims="year", coords={"year": self.years}
        )

    def zeros(self) -> xr.DataArray:
        return xr.zeros_like(self.discount)


def build_horizon(scn: Scenario) -> Horizon:
    years = pd.Index(expand.horizon(scn), name="year")
    discount = finance.discount_factors(years, scn.years.start, scn.discount_rate)
    return Horizon(
        years=years,
        discount_rate=scn.discount_rate,
        discount=xr.DataArray(discount, dims="year", coords={"year": years}),
    )


def _year_vintage(h: Horizon) -> tuple[xr.DataArray, xr.DataArray]:
    y = xr.DataArray(h.years.values, dims="year", coords={"year": h.years})
    v = xr.DataArray(h.years.values, dims="vintage", coords={"vintage": h.vintages})
    return y, v


def in_service(h: Horizon, lifetime_years: xr.DataArray | float) -> xr.DataArray:
    """1 where an asset entering service in ``vintage`` serves in ``year``
    (vintage <= year < vintage + lifetime) [1]; dims (..., vintage, year)."""
    y, v = _year_vintage(h)
    return ((v <= y) & (y < v + lifetime_years)).astype(float)


def cash_spread(h: Horizon, lead_years: xr.DataArray | float) -> xr.DataArray:
    """Share of the overnight capex of an asset entering service in ``vintage`` paid in
    ``year``: evenly over the lead years before it, or in that year with no lead [1]."""
    y, v = _year_vintage(h)
    lead = xr.DataArray(lead_years) if not isinstance(lead_years, xr.DataArray) else lead_years
    spread = ((y >= v - lead) & (y < v)) / xr.where(lead > 0, lead, 1)
    same = (lead == 0) & (y == v)
    return (spread + same).astype(float)


def buildable_from(h: Horizon, lead_years: xr.DataArray | float) -> xr.DataArray:
    """True for vintages an asset with this lead time can enter service in
    (vintage >= start + lead): nothing is ready before its lead time has passed."""
    _, v = _year_vintage(h)
    return v >= h.start + lead_years


def alive(h: Horizon, installed: xr.DataArray, lifetime_years: xr.DataArray) -> xr.DataArray:
    """True in the years an existing asset installed in ``installed`` still serves
    (year < installed + lifetime); the one rule for every existing asset."""
    y, _ = _year_vintage(h)
    return y < installed + lifetime_years
