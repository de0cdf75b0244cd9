"""Sites: where each stands, its limits, and its grid (price, carbon, clean share by year)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from ... import units
from ...errors import FlopgridError
from ...scenario import expand
from ...scenario.schema import Scenario
from .horizon import Horizon


@dataclass(frozen=True)
class Sites:
    """Per-site arrays (dim ``site``).

    Attributes
    ----------
    country, region
        ISO 3166 code and demand region (the site's ``region``, else its country).
    max_facility_gw
        Campus cap on facility power [GW].
    land_km2
        Land for data centers and on-site power [km2]; inf where not limited.
    grid_import_gw
        Largest grid connection [GW].
    grid_price_busd_per_twh, grid_carbon_mt_per_twh, grid_clean_share
        (site, year) grid energy price [B USD/TWh], carbon intensity [Mt/TWh] and clean share
        [1]: the site's own, else its country's path.
    hosts_accelerators
        False for a site of conventional load only.
    installed
        Year the site's existing assets were installed (default: the year before start).
    capital_rate
        Rate at which assets standing there are annualised [1/yr].
    """

    names: pd.Index
    country: xr.DataArray
    region: xr.DataArray
    max_facility_gw: xr.DataArray
    land_km2: xr.DataArray
    grid_import_gw: xr.DataArray
    grid_price_busd_per_twh: xr.DataArray
    grid_carbon_mt_per_twh: xr.DataArray
    grid_clean_share: xr.DataArray
    hosts_accelerators: xr.DataArray
    installed: xr.DataArray
    capital_rate: xr.DataArray

    @property
    def countries(self) -> pd.Index:
        return pd.Index(sorted(set(self.country.values.tolist())), name="country")


def build_sites(scn: Scenario, h: Horizon) -> Sites:
    names = pd.Index(list(scn.sites), name="site")
    objs = [scn.sites[s] for s in names]

    def per_site(values, dtype=float) -> xr.DataArray:
        return xr.DataArray(np.asarray(values, dtype=dtype), dims="site", coords={"site": names})

    def per_site_year(value_of) -> xr.DataArray:
        values = [[_grid_value(scn, value_of, s, int(y)) for y in h.years] for s in names]
        return xr.DataArray(
            np.asarray(values, dtype=float),
            dims=("site", "year"),
            coords={"site": names, "year": h.years},
        )

    return Sites(
        names=names,
        country=per_site([s.country for s in objs], object),
        region=per_site([expand.site_region(scn, s) for s in names], object),
        max_facility_gw=per_site([s.max_facility_gw for s in objs]),
        land_km2=per_site([np.inf if s.land_km2 is None else s.land_km2 for s in objs]),
        grid_import_gw=per_site([s.grid_import_gw for s in objs]),
        grid_price_busd_per_twh=per_site_year(
            lambda s, y: units.busd_per_twh_from_usd_per_mwh(expand.site_grid_price(scn, s, y))
        ),
        grid_carbon_mt_per_twh=per_site_year(lambda s, y: expand.site_grid_carbon(scn, s, y)),
        grid_clean_share=per_site_year(lambda s, y: expand.site_grid_clean_share(scn, s, y)),
        hosts_accelerators=per_site([s.hosts_accelerators for s in objs], bool),
        installed=per_site([s.existing.year or scn.years.start - 1 for s in objs]),
        capital_rate=per_site([expand.cost_of_capital(scn, s.country) for s in objs]),
    )


def _grid_value(scn: Scenario, value_of, site: str, year: int) -> float:
    """A site's grid value in ``year``; 0 for an off-grid site that has none (it needs no grid
    price), an error for a connected one."""
    value = value_of(site, year)
    if value == value:
        return value
    if scn.sites[site].grid_import_gw > 0:
        raise FlopgridError(
            f"sites.{site}: its grid has no price or carbon intensity; give "
            "grid_price_usd_per_mwh and grid_carbon_t_per_mwh or a known country"
        )
    return 0.0
