"""Hourly profiles of every site for one year: generation availability, price, carbon.

Solar from pvlib (:mod:`.solar`), wind from wind speed through a turbine power curve
(:mod:`.wind`), firm plants at their annual availability, grid price and carbon as
shipped hourly shapes scaled to each site's annual mean (:mod:`.shipped`), and any of
them replaced by a user CSV (:mod:`.csvio`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import xarray as xr

from ..errors import FlopgridError, Problem
from ..scenario import expand
from ..scenario.schema import Dispatch, Scenario
from . import shipped as series
from .csvio import SeriesError, SeriesTable
from .solar import SolarProfile, solar_profile
from .wind import WindProfile, site_seed, wind_profile

HOURS = 8760


def tech_kind(scn: Scenario, tech: str) -> str:
    """``solar``, ``wind``, ``offshore_wind``, ``storage``, ``grid`` or ``firm``."""
    spec = scn.power[tech]
    if spec.kind in ("storage", "grid"):
        return spec.kind
    if spec.country_cf == "solar" or "solar" in tech:
        return "solar"
    if spec.country_cf == "wind" or "wind" in tech:
        return "offshore_wind" if "offshore" in tech else "wind"
    return "firm"


def weather_techs(scn: Scenario) -> list[str]:
    """The scenario's technologies whose output follows the weather (solar and wind)."""
    return [t for t in scn.power if tech_kind(scn, t) in _WEATHER]


def year_hours(year: int) -> pd.DatetimeIndex:
    """The 8760 hour-start UTC stamps from 1 January of ``year`` (a leap year drops 31 Dec)."""
    return pd.date_range(f"{year}-01-01", periods=HOURS, freq="h", tz="UTC", name="time")


@dataclass(frozen=True)
class Profiles:
    """Hourly inputs per site for a year (``hour`` = 0..8759 from 1 January, UTC)."""

    times: pd.DatetimeIndex
    availability: xr.DataArray  # (site, tech, hour) [1]
    price_usd_per_mwh: xr.DataArray  # (site, hour)
    carbon_t_per_mwh: xr.DataArray  # (site, hour)
    #: per site and series: {"label", "method", "annual_mean"}; see :func:`_note`
    notes: dict = field(default_factory=dict)


def _csv_columns(table: SeriesTable, scn: Scenario, sites: list[str]) -> dict:
    """Map CSV columns to (site or None, target) with target a tech, 'price' or 'carbon'."""
    aliases = {"solar": "solar", "wind": "wind", "price": "price", "carbon": "carbon"}
    out, problems = {}, []
    for name, quantity in table.quantities.items():
        site, rest = None, name
        for s in sorted(sites, key=len, reverse=True):
            if name.startswith(s + "_"):
                site, rest = s, name[len(s) + 1 :]
                break
        target = rest if rest in scn.power else aliases.get(rest)
        expected = {
            "price": "price_usd_per_mwh",
            "carbon": "carbon_t_per_mwh",
        }.get(target or "", "capacity_factor")
        if target is None:
            problems.append(
                Problem(
                    name,
                    f"not a series flopgrid knows: expected SITE_TECH, SITE_price, SITE_carbon, "
                    f"price or carbon with SITE in {', '.join(sites)}",
                    file=table.file,
                    line=1,
                )
            )
        elif quantity != expected:
            problems.append(
                Problem(name, f"is {quantity}, expected {expected}", file=table.file, line=1)
            )
        else:
            out[name] = (site, target)
    if problems:
        raise SeriesError(problems)
    return out


def _note(label: str, method: str, mean: float | None = None) -> dict:
    """What a series is: ``label`` is ``measured``, ``typical-year``, ``synthetic``,
    ``constant``, ``flat`` or ``user`` (a CSV the user gave, whatever its origin)."""
    note: dict = {"label": label, "method": method}
    if mean is not None:
        note["annual_mean"] = round(float(mean), 6)
    return note


def _shape_note(name: str) -> dict:
    if name == "flat":
        return _note("flat", "site annual mean in every hour")
    return _note("measured", f"hourly shape {name} (a measured year) x site annual mean")


_WEATHER = ("solar", "wind", "offshore_wind")


def build_profiles(
    scn: Scenario,
    sites: list[str],
    techs: list[str],
    year: int,
    settings: Dispatch,
    table: SeriesTable | None = None,
) -> Profiles:
    """Hourly availability [1], grid price [USD/MWh] and carbon [t/MWh] for ``sites``."""
    times = year_hours(year)
    avail = np.ones((len(sites), len(techs), HOURS))
    price = np.ones((len(sites), HOURS))
    carbon = np.ones((len(sites), HOURS))
    notes: dict = {}
    for i, site in enumerate(sites):
        lat, lon = expand.site_coordinates(scn, site)
        site_notes = notes.setdefault(site, {})
        if not np.isfinite(lat):
            own = {*scn.sites[site].build, *scn.sites[site].existing.power}
            if any(tech_kind(scn, t) in _WEATHER for t in techs if t in own):
                raise FlopgridError(
                    f"sites.{site}: no coordinates for its solar or wind (give lat/lon or a "
                    "known country)"
                )
            # no weather built here: only the price and carbon shapes are read, at UTC
            lat, lon = 0.0, 0.0
            site_notes["coordinates"] = "none given: price and carbon shapes at UTC"
        for j, tech in enumerate(techs):
            kind = tech_kind(scn, tech)
            cf = expand.site_capacity_factor(scn, site, tech)
            seed = site_seed(f"{site}@{lat:.4f},{lon:.4f}/{kind}")
            profile: SolarProfile | WindProfile
            if kind == "solar":
                profile = solar_profile(lat, lon, times, cf, seed)
            elif kind in ("wind", "offshore_wind"):
                profile = wind_profile(lat, lon, times, cf, seed, offshore=kind == "offshore_wind")
            elif kind == "firm":
                # the planning model's annual maximum output, applied as an hourly derate
                avail[i, j] = cf
                site_notes[tech] = _note("constant", f"annual availability {cf:.3f}", cf)
                continue
            else:
                continue
            avail[i, j] = profile.cf
            site_notes[tech] = _note(profile.label, profile.method, cf)
        price[i] = expand.site_grid_price(scn, site, year) * series.shape(
            settings.price_shape, HOURS, lon
        )
        carbon[i] = expand.site_grid_carbon(scn, site, year) * series.shape(
            settings.carbon_shape, HOURS, lon
        )
        site_notes["price"] = _shape_note(settings.price_shape)
        site_notes["carbon"] = _shape_note(settings.carbon_shape)
    if table is not None:
        for column, (site, target) in _csv_columns(table, scn, sites).items():
            values = table.data[column].to_numpy()
            rows = [sites.index(site)] if site else range(len(sites))
            for i in rows:
                if target == "price":
                    price[i] = values
                elif target == "carbon":
                    carbon[i] = values
                else:
                    cols = [
                        j
                        for j, t in enumerate(techs)
                        if t == target or tech_kind(scn, t).endswith(target)
                    ]
                    for j in cols:
                        avail[i, j] = values
                notes.setdefault(sites[i], {})[target] = _note(
                    "user", f"{table.file} column {column!r}", float(np.mean(values))
                )
    coords = {"site": sites, "tech": techs, "hour": np.arange(HOURS)}
    return Profiles(
        times=times,
        availability=xr.DataArray(avail, coords=coords, dims=("site", "tech", "hour")),
        price_usd_per_mwh=xr.DataArray(
            price, coords={"site": sites, "hour": coords["hour"]}, dims=("site", "hour")
        ),
        carbon_t_per_mwh=xr.DataArray(
            carbon, coords={"site": sites, "hour": coords["hour"]}, dims=("site", "hour")
        ),
        notes=notes,
    )
