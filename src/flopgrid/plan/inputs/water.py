"""Water: what a site's cooling, its plants and its grid energy draw per unit of energy, and
the cap a site may have on its own water."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from ...scenario import expand_power
from ...scenario.schema import Scenario
from .horizon import Horizon
from .sites import Sites


@dataclass(frozen=True)
class Water:
    """Water intensities [L/kWh = GL/TWh] and limits.

    Attributes
    ----------
    cooling_consumption_gl_per_twh_it, cooling_withdrawal_gl_per_twh_it
        (site) the cooling design's water per TWh of IT energy.
    tech_consumption_gl_per_twh, tech_withdrawal_gl_per_twh
        (tech) a plant's water per TWh generated.
    grid_consumption_gl_per_twh, grid_withdrawal_gl_per_twh
        (site) the country's grid water per TWh imported (0 where unknown).
    limit_gl
        (site, year) cap on the site's own withdrawal (cooling + its plants) [GL]; inf: none.
    stress
        (site) WRI Aqueduct baseline water stress, 0-5; NaN where unknown.
    """

    cooling_consumption_gl_per_twh_it: xr.DataArray
    cooling_withdrawal_gl_per_twh_it: xr.DataArray
    tech_consumption_gl_per_twh: xr.DataArray
    tech_withdrawal_gl_per_twh: xr.DataArray
    grid_consumption_gl_per_twh: xr.DataArray
    grid_withdrawal_gl_per_twh: xr.DataArray
    limit_gl: xr.DataArray
    stress: xr.DataArray


def build_water(scn: Scenario, h: Horizon, sites: Sites, techs) -> Water:
    names = sites.names

    def per_site(values) -> xr.DataArray:
        return xr.DataArray(np.asarray(values, dtype=float), dims="site", coords={"site": names})

    def per_tech(values) -> xr.DataArray:
        return xr.DataArray(np.asarray(values, dtype=float), dims="tech", coords={"tech": techs})

    cooling = [expand_power.cooling_water_l_per_kwh_it(scn, s) for s in names]
    grid = [expand_power.grid_water_l_per_kwh(scn, s) for s in names]
    limits = [h.by_year(scn.sites[s].water_limit_gl_per_year).fillna(np.inf).values for s in names]
    stress = [expand_power.water_stress(scn, s) for s in names]
    return Water(
        cooling_consumption_gl_per_twh_it=per_site([c for c, _ in cooling]),
        cooling_withdrawal_gl_per_twh_it=per_site([w for _, w in cooling]),
        tech_consumption_gl_per_twh=per_tech(
            [scn.power[t].water_consumption_l_per_kwh for t in techs]
        ),
        tech_withdrawal_gl_per_twh=per_tech(
            [scn.power[t].water_withdrawal_l_per_kwh for t in techs]
        ),
        grid_consumption_gl_per_twh=per_site([c for c, _ in grid]),
        grid_withdrawal_gl_per_twh=per_site([w for _, w in grid]),
        limit_gl=xr.DataArray(
            np.asarray(limits, dtype=float),
            dims=("site", "year"),
            coords={"site": names, "year": h.years},
        ),
        stress=per_site([np.nan if v is None else v for v in stress]),
    )
