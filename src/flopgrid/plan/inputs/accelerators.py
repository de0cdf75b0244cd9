"""Accelerator generations: what each delivers, draws and costs, when it can be bought,
where it may be installed, and the fleet already in service."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from ... import finance, units
from ...scenario import expand
from ...scenario.schema import Scenario
from .horizon import Horizon, alive, in_service
from .sites import Sites


@dataclass(frozen=True)
class Accelerators:
    """Per-generation arrays (dim ``gen``) and the stock per site.

    Attributes
    ----------
    h100e
        Compute per accelerator [h100e].
    it_gw_per_m
        IT power of a million [GW].
    price_busd_per_m
        Purchase price of a million [B USD].
    wafers_per_accelerator, cowos_per_accelerator, hbm_per_accelerator
        Leading-edge wafers, CoWoS wafers and HBM stacks per accelerator made [1].
    lifetime_years
        Service life [yr].
    export_class
        Export-control class of each generation.
    available
        (gen, year): can be bought in that year.
    allowed
        (site, gen): may be installed at the site (export rules, site hosts accelerators).
    in_service
        (gen, vintage, year) service matrix.
    existing_m
        (site, gen, year) existing accelerators still alive [M].
    crf
        (site, gen) capital recovery factor [1/yr].
    """

    names: pd.Index
    h100e: xr.DataArray
    it_gw_per_m: xr.DataArray
    price_busd_per_m: xr.DataArray
    wafers_per_accelerator: xr.DataArray
    cowos_per_accelerator: xr.DataArray
    hbm_per_accelerator: xr.DataArray
    lifetime_years: xr.DataArray
    export_class: xr.DataArray
    available: xr.DataArray
    allowed: xr.DataArray
    in_service: xr.DataArray
    existing_m: xr.DataArray
    crf: xr.DataArray


def build_accelerators(scn: Scenario, h: Horizon, sites: Sites) -> Accelerators:
    names = pd.Index(list(scn.accelerators), name="gen")
    acc = [scn.accelerators[g] for g in names]

    def per_gen(values, dtype=float) -> xr.DataArray:
        return xr.DataArray(np.asarray(values, dtype=dtype), dims="gen", coords={"gen": names})

    years = h.years.values
    available = np.array(
        [(years >= a.available_from) & (years <= (a.available_until or 9999)) for a in acc]
    ).reshape(len(names), len(years))
    classes = [a.export_class for a in acc]
    forbidden = {  # one check per (country, export class)
        c: np.array([expand.is_forbidden(scn, c, cls) for cls in classes], dtype=bool)
        for c in sites.countries
    }
    allowed = np.array(
        [
            bool(host) & ~forbidden[str(c)]
            for c, host in zip(sites.country.values, sites.hosts_accelerators.values, strict=True)
        ]
    ).reshape(len(sites.names), len(names))
    counts = np.zeros((len(sites.names), len(names)))
    for i, s in enumerate(sites.names):
        for g, n in scn.sites[s].existing.accelerators.items():
            if g in names:
                counts[i, names.get_loc(g)] = units.to_millions(n)
    life = per_gen([a.lifetime_years for a in acc])
    counts_da = xr.DataArray(
        counts, dims=("site", "gen"), coords={"site": sites.names, "gen": names}
    )
    return Accelerators(
        names=names,
        h100e=per_gen([a.h100e for a in acc]),
        it_gw_per_m=per_gen([units.gw_from_m_accelerators_kw(a.it_kw) for a in acc]),
        price_busd_per_m=per_gen([units.busd_per_m_from_usd_each(a.price_usd) for a in acc]),
        wafers_per_accelerator=per_gen([1.0 / a.good_dies_per_wafer for a in acc]),
        cowos_per_accelerator=per_gen(
            [1.0 / a.per_cowos_wafer if a.per_cowos_wafer else 0.0 for a in acc]
        ),
        hbm_per_accelerator=per_gen([a.hbm_stacks for a in acc]),
        lifetime_years=life,
        export_class=per_gen(classes, object),
        available=xr.DataArray(
            available, dims=("gen", "year"), coords={"gen": names, "year": h.years}
        ),
        allowed=xr.DataArray(
            allowed, dims=("site", "gen"), coords={"site": sites.names, "gen": names}
        ),
        in_service=in_service(h, life),
        existing_m=counts_da * alive(h, sites.installed, life),
        crf=xr.DataArray(
            finance.capital_recovery_factor(
                sites.capital_rate.values[:, None], life.values[None, :]
            ).reshape(len(sites.names), len(names)),
            dims=("site", "gen"),
            coords={"site": sites.names, "gen": names},
        ),
    )
