"""Accelerator generations: what each delivers, draws and costs, when it can be bought,
where it may be installed (export rules by year), when it may leave service, and the fleet
already in service."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from ... import finance, units
from ...scenario import expand, expand_chips
from ...scenario.schema import Scenario
from .horizon import Horizon, alive, in_service
from .sites import Sites


@dataclass(frozen=True)
class Accelerators:
    """Per-generation arrays (dim ``gen``), the stock per site and when each may retire.

    Attributes
    ----------
    h100e
        Compute per accelerator at the scenario's precision [h100e].
    it_gw_per_m
        IT power of a million [GW].
    price_busd_per_m
        Purchase price of a million [B USD].
    family
        Product family of each generation ('' where none).
    lifetime_years
        Service life [yr].
    export_class
        Export-control class of each generation.
    available
        (gen, year): can be bought in that year.
    allowed
        (site, gen, vintage): may be installed at the site in that year (export rules in
        force then; the site hosts accelerators).
    in_service
        (gen, vintage, year) service matrix.
    existing_m
        (site, gen, year) existing accelerators still alive [M].
    existing_count_m
        (site, gen) existing accelerators at the start [M].
    early
        (gen): may leave service before the end of its life (``early_retirement``).
    crf
        (site, gen) capital recovery factor [1/yr].
    """

    names: pd.Index
    h100e: xr.DataArray
    it_gw_per_m: xr.DataArray
    price_busd_per_m: xr.DataArray
    family: xr.DataArray
    lifetime_years: xr.DataArray
    export_class: xr.DataArray
    available: xr.DataArray
    allowed: xr.DataArray
    in_service: xr.DataArray
    existing_m: xr.DataArray
    existing_count_m: xr.DataArray
    early: xr.DataArray
    crf: xr.DataArray


def _allowed(scn: Scenario, h: Horizon, sites: Sites, names: pd.Index, acc) -> xr.DataArray:
    """(site, gen, vintage): the export rules in force in each year, checked once per
    (country, generation, year)."""
    years = [int(y) for y in h.years]
    named = expand_chips.named_generations(scn)
    seen: dict[tuple, bool] = {}  # generations of one class that no rule names share rows

    def is_forbidden(country: str, export_class: str, year: int, gen: str) -> bool:
        key = (country, export_class, year, gen if gen in named else None)
        if key not in seen:
            seen[key] = expand.is_forbidden(scn, *key)
        return seen[key]

    forbidden = {
        c: np.array(
            [
                [is_forbidden(c, a.export_class, y, g) for y in years]
                for g, a in zip(names, acc, strict=True)
            ],
            dtype=bool,
        ).reshape(len(names), len(years))
        for c in sites.countries
    }
    allowed = np.array(
        [
            bool(host) & ~forbidden[str(c)]
            for c, host in zip(sites.country.values, sites.hosts_accelerators.values, strict=True)
        ]
    ).reshape(len(sites.names), len(names), len(years))
    return xr.DataArray(
        allowed,
        dims=("site", "gen", "vintage"),
        coords={"site": sites.names, "gen": names, "vintage": h.vintages},
    )


def build_accelerators(scn: Scenario, h: Horizon, sites: Sites) -> Accelerators:
    names = pd.Index(list(scn.accelerators), name="gen")
    acc = [scn.accelerators[g] for g in names]

    def per_gen(values, dtype=float) -> xr.DataArray:
        return xr.DataArray(np.asarray(values, dtype=dtype), dims="gen", coords={"gen": names})

    years = h.years.values
    available = np.array(
        [(years >= a.available_from) & (years <= (a.available_until or 9999)) for a in acc]
    ).reshape(len(names), len(years))
    counts = np.zeros((len(sites.names), len(names)))
    for i, s in enumerate(sites.names):
        for g, n in scn.sites[s].existing.accelerators.items():
            if g in names:
                counts[i, names.get_loc(g)] = units.to_millions(n)
    life = per_gen([a.lifetime_years for a in acc])
    early = per_gen([a.early_retirement for a in acc], bool)
    counts_da = xr.DataArray(
        counts, dims=("site", "gen"), coords={"site": sites.names, "gen": names}
    )
    existing_alive = alive(h, sites.installed, life)  # site, gen, year
    return Accelerators(
        names=names,
        h100e=per_gen([expand_chips.h100e(scn, a) for a in acc]),
        it_gw_per_m=per_gen([units.gw_from_m_accelerators_kw(a.it_kw) for a in acc]),
        price_busd_per_m=per_gen([units.busd_per_m_from_usd_each(a.price_usd) for a in acc]),
        family=per_gen([a.family for a in acc], object),
        lifetime_years=life,
        export_class=per_gen([a.export_class for a in acc], object),
        available=xr.DataArray(
            available, dims=("gen", "year"), coords={"gen": names, "year": h.years}
        ),
        allowed=_allowed(scn, h, sites, names, acc),
        in_service=in_service(h, life),
        existing_m=counts_da * existing_alive,
        existing_count_m=counts_da,
        early=early,
        crf=xr.DataArray(
            finance.capital_recovery_factor(
                sites.capital_rate.values[:, None], life.values[None, :]
            ).reshape(len(sites.names), len(names)),
            dims=("site", "gen"),
            coords={"site": sites.names, "gen": names},
        ),
    )
