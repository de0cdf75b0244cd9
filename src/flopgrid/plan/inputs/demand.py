"""Demand for compute: per tenant (who may use what, and what unserved compute costs
them) and per region."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from ... import units
from ...scenario import expand
from ...scenario.schema import Scenario
from .accelerators import Accelerators
from .horizon import Horizon
from .sites import Sites


@dataclass(frozen=True)
class Demand:
    """Demand arrays.

    Attributes
    ----------
    tenants
        Tenants (``all`` when the scenario names none).
    regions
        Demand regions (empty when demand is not regional).
    world
        Whether demand is given for the world (or per tenant), not only per region.
    tenant_mh100e
        (tenant, year) compute to be in service [M h100e].
    tenant_penalty_busd_per_mh100e
        (tenant) cost of a million h100e-years unserved [B USD].
    tenant_may_use
        (site, gen, tenant): the tenant may install that generation at that site.
    existing_owner
        (site, tenant): 1 for the tenant owning the site's existing accelerators.
    region_mh100e
        (region, year) compute to be in service in each region [M h100e].
    site_in_region
        (site, region): 1 where the site belongs to the region.
    region_penalty_busd_per_mh100e
        Cost of a million h100e-years unserved in a region [B USD].
    """

    tenants: pd.Index
    regions: pd.Index
    world: bool
    tenant_mh100e: xr.DataArray
    tenant_penalty_busd_per_mh100e: xr.DataArray
    tenant_may_use: xr.DataArray
    existing_owner: xr.DataArray
    region_mh100e: xr.DataArray
    site_in_region: xr.DataArray
    region_penalty_busd_per_mh100e: float

    @property
    def total_mh100e(self) -> xr.DataArray:
        """(year) all compute demanded [M h100e]: the tenants', else the regions'."""
        if self.world:
            return self.tenant_mh100e.sum("tenant")
        return self.region_mh100e.sum("region")


def build_demand(scn: Scenario, h: Horizon, sites: Sites, acc: Accelerators) -> Demand:
    tenants = pd.Index(expand.tenant_names(scn), name="tenant")
    demand = expand.tenant_demand_h100e(scn)[list(tenants)]
    values = expand.tenant_value_usd(scn)
    # a tenant's rights are a site condition and an accelerator condition, both to hold
    site_ok = np.array(
        [[expand.tenant_may_use_site(scn, t, s) for t in tenants] for s in sites.names], bool
    ).reshape(len(sites.names), len(tenants))
    gen_ok = np.array(
        [[expand.tenant_may_use_accelerator(scn, t, g) for t in tenants] for g in acc.names], bool
    ).reshape(len(acc.names), len(tenants))
    owners = [expand.existing_owner(scn, s) for s in sites.names]
    owner = np.array([[float(o == t) for t in tenants] for o in owners]).reshape(
        len(sites.names), len(tenants)
    )
    regional = expand.regional_demand_h100e(scn)
    regions = pd.Index(list(regional.columns), name="region")
    sgt = {"site": sites.names, "gen": acc.names, "tenant": tenants}
    return Demand(
        tenants=tenants,
        regions=regions,
        world=bool(scn.tenants) or scn.demand.by_year is not None,
        tenant_mh100e=xr.DataArray(
            units.to_millions(demand.to_numpy().T).reshape(len(tenants), len(h.years)),
            dims=("tenant", "year"),
            coords={"tenant": tenants, "year": h.years},
        ),
        tenant_penalty_busd_per_mh100e=xr.DataArray(
            [units.busd_per_m_from_usd_each(values[t]) for t in tenants],
            dims="tenant",
            coords={"tenant": tenants},
        ),
        tenant_may_use=xr.DataArray(
            site_ok[:, None, :] & gen_ok[None, :, :], dims=("site", "gen", "tenant"), coords=sgt
        ),
        existing_owner=xr.DataArray(
            owner, dims=("site", "tenant"), coords={"site": sites.names, "tenant": tenants}
        ),
        region_mh100e=xr.DataArray(
            units.to_millions(regional.to_numpy().T).reshape(len(regions), len(h.years)),
            dims=("region", "year"),
            coords={"region": regions, "year": h.years},
        ),
        site_in_region=(
            sites.region == xr.DataArray(regions.values, dims="region", coords={"region": regions})
        ).astype(float),
        region_penalty_busd_per_mh100e=units.busd_per_m_from_usd_each(
            scn.demand.unserved_penalty_usd_per_h100e_year
        ),
    )
