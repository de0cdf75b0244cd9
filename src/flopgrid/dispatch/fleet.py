"""The fixed fleet a dispatch runs: compute, IT power and power plants per site.

It comes either from a solved plan (the fleet in service in one of its years) or
from a scenario's existing capacity. Either way the dispatch model sees the same
few arrays and never the planning model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import units
from ..errors import FlopgridError
from ..results.result import Result
from ..scenario import expand
from ..scenario.schema import Scenario


@dataclass(frozen=True)
class Fleet:
    """What is installed at each site in the dispatched year.

    Attributes
    ----------
    compute_mh100e
        Compute in service per site [M h100e].
    it_gw
        IT power of that compute at full load per site [GW].
    pue
        Power usage effectiveness per site [1].
    load_factor
        Mean IT load as a share of the IT power in service per site [1], the data-center
        design's (the plan's year of energy is IT power x PUE x this x 8760 h).
    power_gw
        Capacity per site and power technology [GW] (storage: power rating).
    grid_import_gw
        Grid import limit per site [GW].
    """

    scenario: Scenario
    year: int
    compute_mh100e: pd.Series
    it_gw: pd.Series
    pue: pd.Series
    load_factor: pd.Series
    power_gw: pd.DataFrame
    grid_import_gw: pd.Series
    source: str

    @property
    def sites(self) -> list[str]:
        return list(self.compute_mh100e.index)

    @property
    def facility_gw_per_mh100e(self) -> pd.Series:
        """Facility power of one million h100e at full load per site [GW]."""
        ratio = self.it_gw / self.compute_mh100e.where(self.compute_mh100e > 0)
        return (ratio * self.pue).fillna(0.0)


def fleet_from_result(result: Result, year: int | None = None) -> Fleet:
    """The fleet in service in ``year`` (default: the last) of a solved plan."""
    scn = Scenario.model_validate(result.scenario)
    years = result.years
    year = years[-1] if year is None else int(year)
    if year not in years:
        raise FlopgridError(f"year {year} is not in the run ({years[0]}-{years[-1]})")
    d = result.data.sel(year=year)
    sites = [str(s) for s in d["site"].values]
    acc = d["accelerators_in_service"].fillna(0.0)
    compute = units.to_millions((acc * d["acc_h100e"]).sum("gen")).to_series()
    power = d["power_capacity_gw"].fillna(0.0).to_series().unstack("tech")
    return Fleet(
        scenario=scn,
        year=year,
        compute_mh100e=compute.reindex(sites).astype(float),
        it_gw=d["it_power_gw"].to_series().reindex(sites).astype(float),
        pue=d["pue"].to_series().reindex(sites).astype(float),
        load_factor=d["load_factor"].to_series().reindex(sites).astype(float),
        power_gw=power.reindex(sites).fillna(0.0),
        grid_import_gw=_grid_connection(d, scn, sites),
        source=f"plan run {result.meta.get('run_id', result.meta.get('scenario'))} ({year})",
    )


def _grid_connection(d, scn: Scenario, sites: list[str]) -> pd.Series:
    """The grid connection in service in the dispatched year (runs before connections were
    planned: the site's ``grid_import_gw``) [GW]."""
    if "grid_connection_gw" in d:
        return d["grid_connection_gw"].to_series().reindex(sites).astype(float)
    return pd.Series({s: scn.sites[s].grid_import_gw for s in sites}, dtype=float)


def fleet_from_scenario(scn: Scenario) -> Fleet:
    """The existing capacity of a scenario's sites (``sites.*.existing``)."""
    sites = list(scn.sites)
    compute, it_gw, pue, load_factor, power = {}, {}, {}, {}, {}
    for name in sites:
        site = scn.sites[name]
        counts = site.existing.accelerators
        unknown = [g for g in counts if g not in scn.accelerators]
        if unknown:
            raise FlopgridError(f"sites.{name}.existing.accelerators: unknown {unknown}")
        compute[name] = units.to_millions(
            sum(n * scn.accelerators[g].h100e for g, n in counts.items())
        )
        it_gw[name] = sum(
            units.to_millions(n) * units.gw_from_m_accelerators_kw(scn.accelerators[g].it_kw)
            for g, n in counts.items()
        )
        design = expand.datacenter_design(scn, site)
        pue[name] = design.pue
        load_factor[name] = design.load_factor
        power[name] = {t: site.existing.power.get(t, 0.0) for t in scn.power}
    if not any(np.array(list(compute.values())) > 0):
        raise FlopgridError(
            f"scenario {scn.name!r} has no existing accelerators to dispatch; plan it first "
            "(flopgrid dispatch SCENARIO --plan) or dispatch a plan run"
        )
    return Fleet(
        scenario=scn,
        year=scn.years.start,
        compute_mh100e=pd.Series(compute, dtype=float),
        it_gw=pd.Series(it_gw, dtype=float),
        pue=pd.Series(pue, dtype=float),
        load_factor=pd.Series(load_factor, dtype=float),
        power_gw=pd.DataFrame(power).T.reindex(sites).fillna(0.0),
        grid_import_gw=pd.Series({s: scn.sites[s].grid_import_gw for s in sites}, dtype=float),
        source=f"scenario {scn.name} existing capacity",
    )
