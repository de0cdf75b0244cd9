"""Power technologies: costs by place and year, fuel, performance at each site, what may be
built where, the plants already there, and what manufacturers can deliver each year."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from ... import finance, units
from ...errors import FlopgridError
from ...scenario import expand, expand_power
from ...scenario.schema import Scenario
from .horizon import Horizon, alive, buildable_from, cash_spread, in_service
from .sites import Sites


@dataclass(frozen=True)
class Power:
    """Per-technology arrays (dim ``tech``; the grid is not a technology here).

    Attributes
    ----------
    capex_busd_per_gw
        (site, tech, vintage) overnight capex incl. storage energy at its duration, at the
        site's cost region and the year the plant is ordered (vintage - lead) [B USD/GW].
    fixed_om_busd_per_gw, variable_busd_per_twh
        (site, tech, year) fixed O&M [B USD/GW/yr]; variable cost without the fuel below
        [B USD/TWh].
    fuel_busd_per_twh
        (site, tech, year) fuel: heat rate x the site's gas price [B USD/TWh].
    max_capacity_factor
        Most a plant may run in a year [1]; inf where no such limit.
    gas_turbine_gw_per_gw
        GW of gas turbines per GW of plant [1].
    gas_turbine_supply_gw, transformer_supply_gw
        (year) gas turbines and large transformers manufacturers can deliver [GW]; inf: none.
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
    fuel_busd_per_twh: xr.DataArray
    max_capacity_factor: xr.DataArray
    gas_turbine_gw_per_gw: xr.DataArray
    gas_turbine_supply_gw: xr.DataArray
    transformer_supply_gw: xr.DataArray
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
    costs = _costs(scn, h, sites, names)
    present = may_build | (existing > 0)
    fuel = costs["fuel"]
    missing = np.isnan(fuel.values).any(axis=-1) & present.values
    if missing.any():
        i, j = np.argwhere(missing)[0]
        raise FlopgridError(
            f"sites.{sites.names[i]}: {names[j]} burns gas but the site has no gas price; give "
            f"sites.{sites.names[i]}.gas_price_usd_per_mmbtu or its country's"
        )
    return Power(
        names=names,
        capex_busd_per_gw=costs["capex"],
        fixed_om_busd_per_gw=costs["fixed_om"],
        variable_busd_per_twh=costs["variable"],
        fuel_busd_per_twh=fuel.fillna(0.0),
        max_capacity_factor=per_tech(
            [np.inf if p.max_capacity_factor is None else p.max_capacity_factor for p in pw]
        ),
        gas_turbine_gw_per_gw=per_tech([p.gas_turbine_gw_per_gw for p in pw]),
        gas_turbine_supply_gw=_supply(scn.power_supply.gas_turbine_gw_per_year, h),
        transformer_supply_gw=_supply(scn.power_supply.transformer_gw_per_year, h),
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


def _supply(value, h: Horizon) -> xr.DataArray:
    """A manufacturing limit per year [GW]; inf where there is none."""
    return h.zeros() + np.inf if value is None else h.by_year(value)


def _costs(scn: Scenario, h: Horizon, sites: Sites, names: pd.Index) -> dict[str, xr.DataArray]:
    """Capex (site, tech, vintage) at the year each plant is ordered (vintage - lead, held at
    the ends of its path), fixed O&M, variable cost and fuel (site, tech, year) at each site's
    cost region and gas price, in B USD per GW or TWh."""
    years = np.asarray(h.years, dtype=float)
    capex, fom, var, fuel = [], [], [], []
    for s in sites.names:
        row = ([], [], [], [])
        for t in names:
            p = scn.power[t]
            ordered = years - p.lead_years
            kw = expand_power.tech_cost(scn, s, t, "capex_usd_per_kw", ordered)
            kwh = expand_power.tech_cost(scn, s, t, "capex_usd_per_kwh", ordered)
            row[0].append(
                units.busd_per_gw_from_usd_per_kw(kw)
                + units.busd_per_gwh_from_usd_per_kwh(kwh) * p.duration_hours
            )
            row[1].append(
                units.busd_per_gw_from_usd_per_kw(
                    expand_power.tech_cost(scn, s, t, "fixed_om_usd_per_kw_year", years)
                )
            )
            row[2].append(
                units.busd_per_twh_from_usd_per_mwh(
                    expand_power.tech_cost(scn, s, t, "variable_usd_per_mwh", years)
                )
            )
            row[3].append(
                units.busd_per_twh_from_usd_per_mwh(expand_power.fuel_usd_per_mwh(scn, s, t, years))
            )
        for out, values in zip((capex, fom, var, fuel), row, strict=True):
            out.append(values)
    coords = {"site": sites.names, "tech": names}

    def cube(values, last: str) -> xr.DataArray:
        idx = h.vintages if last == "vintage" else h.years
        shape = (len(sites.names), len(names), len(idx))
        return xr.DataArray(
            np.asarray(values, dtype=float).reshape(shape),
            dims=("site", "tech", last),
            coords={**coords, last: idx},
        )

    return {
        "capex": cube(capex, "vintage"),
        "fixed_om": cube(fom, "year"),
        "variable": cube(var, "year"),
        "fuel": cube(fuel, "year"),
    }
