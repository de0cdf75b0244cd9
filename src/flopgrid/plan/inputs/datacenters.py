"""Data centers: each site's design (cost, PUE, load factor, lead time), the capacity it
already has and its conventional (non-AI) IT load."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from ... import finance, units
from ...scenario import expand, expand_power
from ...scenario.schema import Scenario
from .horizon import Horizon, alive, buildable_from, cash_spread, in_service
from .sites import Sites


@dataclass(frozen=True)
class DataCenters:
    """Per-site arrays of the design each site builds (dim ``site``) and its stock.

    Attributes
    ----------
    capex_busd_per_gw, fixed_om_busd_per_gw
        Overnight capex at the site's country [B USD/GW IT] and fixed O&M [B USD/GW IT/yr].
    pue, load_factor
        Facility power per IT power [1]; mean IT load over the year as a share of IT
        power in service [1].
    lead_years, lifetime_years, km2_per_gw
        Build time, life, land per GW of facility power [km2/GW].
    construction_jobs_per_busd, operations_jobs_per_gw
        Jobs per B USD of capex built, and per GW of facility power operated.
    crf
        Capital recovery factor at the site's cost of capital [1/yr].
    in_service, cash
        (site, vintage, year) service and payment matrices.
    buildable
        (site, vintage): capacity can enter service in that vintage.
    existing_gw
        (site, year) existing capacity still alive [GW IT].
    conventional_it_gw
        (site, year) exogenous conventional IT load [GW IT].
    """

    capex_busd_per_gw: xr.DataArray
    fixed_om_busd_per_gw: xr.DataArray
    pue: xr.DataArray
    load_factor: xr.DataArray
    lead_years: xr.DataArray
    lifetime_years: xr.DataArray
    km2_per_gw: xr.DataArray
    construction_jobs_per_busd: xr.DataArray
    operations_jobs_per_gw: xr.DataArray
    crf: xr.DataArray
    in_service: xr.DataArray
    cash: xr.DataArray
    buildable: xr.DataArray
    existing_gw: xr.DataArray
    conventional_it_gw: xr.DataArray


def build_datacenters(scn: Scenario, h: Horizon, sites: Sites) -> DataCenters:
    designs = [expand.datacenter_design(scn, scn.sites[s]) for s in sites.names]

    def per_site(values) -> xr.DataArray:
        return xr.DataArray(
            np.asarray(values, dtype=float), dims="site", coords={"site": sites.names}
        )

    life = per_site([d.lifetime_years for d in designs])
    lead = per_site([d.lead_years for d in designs])
    existing_it = per_site([scn.sites[s].existing.it_gw for s in sites.names])
    conventional = np.array(
        [expand.trajectory(scn.sites[s].conventional_it_gw or 0.0, h.years) for s in sites.names]
    ).reshape(len(sites.names), len(h.years))
    return DataCenters(
        capex_busd_per_gw=per_site(
            [
                units.busd_per_gw_from_usd_per_kw(d.capex_usd_per_kw)
                * expand_power.datacenter_capex_factor(scn, s)
                for d, s in zip(designs, sites.names, strict=True)
            ]
        ),
        fixed_om_busd_per_gw=per_site(
            [units.busd_per_gw_from_usd_per_kw(d.fixed_om_usd_per_kw_year) for d in designs]
        ),
        pue=per_site([d.pue for d in designs]),
        load_factor=per_site([d.load_factor for d in designs]),
        lead_years=lead,
        lifetime_years=life,
        km2_per_gw=per_site([d.km2_per_gw for d in designs]),
        construction_jobs_per_busd=per_site([d.construction_jobs_per_busd for d in designs]),
        operations_jobs_per_gw=per_site([d.operations_jobs_per_gw for d in designs]),
        crf=xr.DataArray(
            np.atleast_1d(finance.capital_recovery_factor(sites.capital_rate.values, life.values)),
            dims="site",
            coords={"site": sites.names},
        ),
        in_service=in_service(h, life),
        cash=cash_spread(h, lead),
        buildable=buildable_from(h, lead),
        existing_gw=existing_it * alive(h, sites.installed, life),
        conventional_it_gw=xr.DataArray(
            conventional, dims=("site", "year"), coords={"site": sites.names, "year": h.years}
        ),
    )
