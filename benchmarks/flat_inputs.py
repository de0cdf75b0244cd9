"""The planning inputs as one flat, string-keyed Dataset, for the Pyomo twin only.

flopgrid's builder reads typed input groups (:mod:`flopgrid.plan.inputs`); the twin
(``pyomo_twin.py``) was written against flat array names. This adapter maps the groups
onto those names, so the twin keeps reading exactly the arrays the linopy model reads.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import xarray as xr

from flopgrid import units
from flopgrid.plan.inputs import PlanInputs


@dataclass(frozen=True)
class FlatInputs:
    years: pd.Index
    sites: pd.Index
    gens: pd.Index
    techs: pd.Index
    regions: pd.Index
    tenants: pd.Index
    ds: xr.Dataset
    penalty_busd_per_mh100e: float
    fab: dict
    new_fabs_allowed: bool
    has_world_demand: bool


def _pool(pools, kind: str) -> xr.DataArray:
    """(year) the capacity of the one pool of ``kind`` [M]; inf where there is none."""
    chosen = pools.capacity_m.where(pools.of_kind(kind), drop=True)
    if chosen.sizes["pool"] == 0:
        return xr.full_like(pools.capacity_m.isel(pool=0, drop=True), float("inf"))
    return chosen.isel(pool=0, drop=True).fillna(float("inf"))


def flatten(inp: PlanInputs) -> FlatInputs:
    h, s, acc, dc, pw, sup, pol, dem = (
        inp.horizon,
        inp.sites,
        inp.accelerators,
        inp.datacenters,
        inp.power,
        inp.supply,
        inp.policy,
        inp.demand,
    )
    v2y = {"vintage": "year"}
    f, pools = sup.fabs, sup.pools
    arrays = {
        "discount": h.discount,
        "acc_h100e": acc.h100e,
        "acc_it_gw_per_m": acc.it_gw_per_m,
        "acc_price_busd_per_m": acc.price_busd_per_m,
        # the twin has one wafer, CoWoS and HBM pool (the single-pool shorthand)
        "acc_wafers_per_acc": pools.wafers_per_acc.sum("pool").isel(year=0, drop=True),
        "acc_cowos_per_acc": pools.cowos_per_acc.sum("pool"),
        "acc_hbm_per_acc": pools.hbm_per_acc,
        "acc_available": acc.available,
        "acc_allowed": acc.allowed.all("vintage"),
        "acc_active": acc.in_service,
        "acc_existing_m": acc.existing_m,
        "acc_crf": acc.crf,
        "dc_capex_busd_per_gw": dc.capex_busd_per_gw,
        "dc_fom_busd_per_gw": dc.fixed_om_busd_per_gw,
        "pue": dc.pue,
        "load_factor": dc.load_factor,
        "dc_km2_per_gw": dc.km2_per_gw,
        "dc_active": dc.in_service,
        "dc_cash": dc.cash,
        "dc_buildable": dc.buildable.rename(v2y),
        "dc_existing_gw": dc.existing_gw,
        "dc_crf": dc.crf,
        "conventional_it_gw": dc.conventional_it_gw,
        "max_facility_gw": s.max_facility_gw,
        "land_km2": s.land_km2,
        "grid_import_gw": s.grid_import_gw,
        "grid_price_busd_per_twh": s.grid_price_busd_per_twh,
        "grid_carbon_mt_per_twh": s.grid_carbon_mt_per_twh,
        "grid_clean_share": s.grid_clean_share,
        "grid_capacity_credit": xr.DataArray(pw.grid_capacity_credit),
        "twh_per_gw_year": xr.DataArray(units.twh_per_gw_year()),
        "pw_capex_busd_per_gw": pw.capex_busd_per_gw,
        "pw_fom_busd_per_gw": pw.fixed_om_busd_per_gw,
        "pw_var_busd_per_twh": pw.variable_busd_per_twh,
        "pw_credit": pw.capacity_credit,
        "pw_emissions_mt_per_twh": pw.emissions_mt_per_twh,
        "pw_clean": pw.clean,
        "pw_generates": pw.generates,
        "pw_land_km2_per_gw": pw.land_km2_per_gw,
        "pw_cf": pw.capacity_factor,
        "pw_active": pw.in_service,
        "pw_cash": pw.cash,
        "pw_buildable": pw.buildable.rename(v2y),
        "pw_limit_gw": pw.limit_gw,
        "pw_existing_gw": pw.existing_gw,
        "pw_crf": pw.crf,
        "wafers_m": _pool(pools, "logic"),
        "cowos_m": _pool(pools, "cowos"),
        "hbm_m": _pool(pools, "hbm"),
        "fab_active": f.in_service.isel(fab=0, drop=True),
        "fab_cash": f.cash.isel(fab=0, drop=True),
        "fab_buildable": f.buildable.isel(fab=0, drop=True).rename(v2y),
        "carbon_price_busd_per_mt": pol.carbon_price_busd_per_mt,
        "budget_busd": pol.budget_busd,
        "min_clean_share": pol.min_clean_share,
        "reserve_margin": xr.DataArray(pol.reserve_margin),
        "site_country": s.country,
        "export_cap_m": pol.export_cap_m,
        "export_cap_classes": pol.export_cap_weight,
        "tenant_demand_mh100e": dem.tenant_mh100e,
        "tenant_penalty_busd_per_mh100e": dem.tenant_penalty_busd_per_mh100e,
        "tenant_ok": dem.tenant_may_use,
        "existing_owner": dem.existing_owner,
        "demand_mh100e": dem.total_mh100e,
        "region_demand_mh100e": dem.region_mh100e,
        "site_region": s.region,
    }
    fab = {  # the one kind of new fab of the single-pool shorthand
        "capex_busd": float(f.capex_busd[0]),
        "fom_busd": float(f.fixed_om_busd[0]),
        "wafers_m": float(f.wafers_m[0]),
        "lead": int(f.lead_years[0]),
        "lifetime": int(f.lifetime_years[0]),
        "crf": float(f.crf[0]),
        "max_per_year": f.max_per_year,
    }
    return FlatInputs(
        years=h.years,
        sites=s.names,
        gens=acc.names,
        techs=pw.names,
        regions=dem.regions,
        tenants=dem.tenants,
        ds=xr.Dataset(arrays),
        penalty_busd_per_mh100e=dem.region_penalty_busd_per_mh100e,
        fab=fab,
        new_fabs_allowed=f.allowed,
        has_world_demand=dem.world,
    )
