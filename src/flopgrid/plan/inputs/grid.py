"""Grid connections: what a site's connection costs, how long the queue to connect takes,
and how much of it is already in place."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from ... import finance, units
from ...scenario import expand_power
from ...scenario.schema import Scenario
from .horizon import Horizon, buildable_from, cash_spread, in_service
from .sites import Sites


@dataclass(frozen=True)
class GridConnections:
    """Per-site arrays of the grid connection the plan may build (dim ``site``).

    Attributes
    ----------
    capex_busd_per_gw
        (site, vintage) cost of a new connection entering service in that year [B USD/GW].
    fixed_om_busd_per_gw
        (site, year) fixed O&M of the connection in service [B USD/GW/yr].
    lead_years
        Years from the horizon's start before a new connection serves (the interconnection
        queue, rounded up to whole years) [yr].
    lifetime_years, crf
        Life [yr]; capital recovery factor at the site's cost of capital [1/yr].
    in_service, cash
        (vintage, year) service and (site, vintage, year) payment matrices.
    buildable
        (site, vintage): a new connection may enter service in that year.
    limit_gw
        Largest connection in service, ``grid_import_gw`` [GW].
    existing_gw
        Connection already in place [GW].
    """

    capex_busd_per_gw: xr.DataArray
    fixed_om_busd_per_gw: xr.DataArray
    lead_years: xr.DataArray
    lifetime_years: float
    crf: xr.DataArray
    in_service: xr.DataArray
    cash: xr.DataArray
    buildable: xr.DataArray
    limit_gw: xr.DataArray
    existing_gw: xr.DataArray


def build_grid(scn: Scenario, h: Horizon, sites: Sites) -> GridConnections:
    grid = next(n for n, p in scn.power.items() if p.kind == "grid")
    names = sites.names
    years = np.asarray(h.years, dtype=float)

    def per_site(values) -> xr.DataArray:
        return xr.DataArray(np.asarray(values, dtype=float), dims="site", coords={"site": names})

    def per_site_year(values, dim: str) -> xr.DataArray:
        idx = h.vintages if dim == "vintage" else h.years
        return xr.DataArray(
            np.asarray(values, dtype=float), dims=("site", dim), coords={"site": names, dim: idx}
        )

    life = float(scn.power[grid].lifetime_years)
    lead = per_site([np.ceil(expand_power.interconnection_lead_years(scn, s)) for s in names])
    limit = per_site([scn.sites[s].grid_import_gw for s in names])
    existing = per_site([scn.sites[s].existing.grid_import_gw for s in names])
    capex = [
        units.busd_per_gw_from_usd_per_kw(
            expand_power.tech_cost(
                scn, s, grid, "capex_usd_per_kw", years - lead.sel(site=s).item()
            )
        )
        for s in names
    ]
    fom = [
        units.busd_per_gw_from_usd_per_kw(
            expand_power.tech_cost(scn, s, grid, "fixed_om_usd_per_kw_year", years)
        )
        for s in names
    ]
    return GridConnections(
        capex_busd_per_gw=per_site_year(capex, "vintage"),
        fixed_om_busd_per_gw=per_site_year(fom, "year"),
        lead_years=lead,
        lifetime_years=life,
        crf=per_site(finance.capital_recovery_factor(sites.capital_rate.values, life)),
        in_service=in_service(h, life),
        cash=cash_spread(h, lead),
        buildable=buildable_from(h, lead) & (limit > existing),
        limit_gw=limit,
        existing_gw=existing,
    )
