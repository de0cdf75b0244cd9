"""Power technologies: costs, performance at each site, what may be built where, and the
plants already there."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from ... import finance, units
from ...scenario import expand
from ...scenario.schema import Scenario
from .horizon import Horizon, alive, buildable_from, cash_spread, in_service
from .sites import Sites


@dataclass(frozen=True)
class Power:
    """Per-technology arrays (dim ``tech``; the grid is not a technology here).

    Attributes
    ----------
    capex_busd_per_gw
        Overnight capex incl. storage energy at its duration [B USD/GW].
    fixed_om_busd_per_gw, variable_busd_per_twh
        Fixed O&M [B USD/GW/yr]; variable cost incl. fuel [B USD/TWh].
    capacity_credit
        Share of capacity that counts as firm [1].
    emissions_mt_per_twh, clean, generates
        Emission factor [Mt/TWh]; counts as clean; a generator (not storage).
    land_km2_per_gw, lead_years, lifetime_years
        Land [km2/GW], build time [yr], life [yr].
    capacity_factor
        (site, tech) annual capacity factor [1].
    in_service, cash
        (tech, vintage, year) matrices.
    buildable
        (site, tech, vintage): may enter service at the site in that vintage.
    limit_gw
        (site, tech) build limit [GW]; inf where none.
    existing_gw
        (site, tech, year) existing capacity still alive [GW].
    crf
        (site, tech) capital recovery factor [1/yr].
    grid_capacity_credit
        Share of a site's grid connection that counts as firm [1].
    """

    names: pd.Index
    capex_busd_per_gw: xr.DataArray
    fixed_om_busd_per_gw: xr.DataArray
    variable_busd_per_twh: xr.DataArray
    capacity_credit: xr.DataArray
    emissions_mt_per_twh: xr.DataArray
    clean: xr.DataArray
    generates: xr.DataArray
    land_km2_per_gw: xr.DataArray
    lead_years: xr.DataArray
    lifetime_years: xr.DataArray
    capacity_factor: xr.DataArray
    in_service: xr.DataArray
    cash: xr.DataArray
    buildable: xr.DataArray
    limit_gw: xr.DataArray
    existing_gw: xr.DataArray
    crf: xr.DataArray
    grid_capacity_credit: float


def build_power(scn: Scenario, h: Horizon, sites: Sites) -> Power:
    names = pd.Index([n for n, p in scn.power.items() if p.kind != "grid"], name="tech")
    grid = next(p for p in scn.power.values() if p.kind == "grid")
    pw = [scn.power[p] for p in names]
    site_objs = [scn.sites[s] for s in sites.names]
    st = {"site": sites.names, "tech": names}

    def per_tech(values, dtype=float) -> xr.DataArray:
        return xr.DataArray(np.asarray(values, dtype=dtype), dims="tech", coords={"tech": names})

    def per_site_tech(values, dtype=float) -> xr.DataArray:
        arr = np.asarray(values, dtype=dtype).reshape(len(sites.names), len(names))
        return xr.DataArray(arr, dims=("site", "tech"), coords=st)

    life = per_tech([p.lifetime_years for p in pw])
    lead = per_tech([p.lead_years for p in pw])
    may_build = per_site_tech([[t in s.build for t in names] for s in site_objs], bool)
    existing = per_site_tech([[s.existing.power.get(t, 0.0) for t in names] for s in site_objs])
    return Power(
        names=names,
        capex_busd_per_gw=per_tech(
            [
                units.busd_per_gw_from_usd_per_kw(p.capex_usd_per_kw)
                + units.busd_per_gwh_from_usd_per_kwh(p.capex_usd_per_kwh) * p.duration_hours
                for p in pw
            ]
        ),
        fixed_om_busd_per_gw=per_tech(
            [units.busd_per_gw_from_usd_per_kw(p.fixed_om_usd_per_kw_year) for p in pw]
        ),
        variable_busd_per_twh=per_tech(
            [units.busd_per_twh_from_usd_per_mwh(p.variable_usd_per_mwh) for p in pw]
        ),
        capacity_credit=per_tech([p.capacity_credit for p in pw]),
        emissions_mt_per_twh=per_tech([p.emissions_t_per_mwh for p in pw]),
        clean=per_tech([float(p.clean) for p in pw]),
        generates=per_tech([p.kind == "generator" for p in pw], bool),
        land_km2_per_gw=per_tech([p.land_km2_per_gw for p in pw]),
        lead_years=lead,
        lifetime_years=life,
        capacity_factor=per_site_tech(
            [[expand.site_capacity_factor(scn, s, t) for t in names] for s in sites.names]
        ),
        in_service=in_service(h, life),
        cash=cash_spread(h, lead),
        buildable=may_build & buildable_from(h, lead),
        limit_gw=per_site_tech(
            [[s.build_limits_gw.get(t, np.inf) for t in names] for s in site_objs]
        ),
        existing_gw=existing * alive(h, sites.installed, life),
        crf=per_site_tech(
            finance.capital_recovery_factor(
                sites.capital_rate.values[:, None], life.values[None, :]
            )
        ),
        grid_capacity_credit=float(grid.capacity_credit),
    )
