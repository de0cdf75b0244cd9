"""Read a solved planning model into one xarray Dataset in user units.

Solutions are converted out of the model's scaled units here: counts, h100e, USD,
GW, TWh and Mt CO2e. Duals stay in model units (B USD of present value per
model unit) under ``dual_<family>``; ``bottlenecks`` converts them for people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import xarray as xr

from .. import units
from ..plan.constraints import emissions_mt, region_members
from .costs import cost_arrays

if TYPE_CHECKING:
    from ..plan.build import PlanModel

#: model unit of each constraint family's rows (its dual is B USD per this unit)
FAMILY_UNITS = {
    "it_power_definition": "GW IT",
    "compute_definition": "M h100e",
    "compute_demand": "M h100e",
    "region_demand": "M h100e",
    "wafer_supply": "M wafers",
    "cowos_supply": "M CoWoS wafers",
    "hbm_supply": "M HBM stacks",
    "datacenter_capacity": "GW IT",
    "site_cap": "GW facility",
    "land": "km2",
    "energy_balance": "TWh",
    "generation_limit": "TWh",
    "grid_import_limit": "TWh",
    "firm_capacity": "GW",
    "build_limit": "GW",
    "export_cap": "M accelerators",
    "budget": "B USD",
    "clean_share": "TWh",
}


def _sol(expr) -> xr.DataArray:
    sol = expr.solution
    return sol.fillna(0.0) if isinstance(sol, xr.DataArray) else xr.DataArray(sol)


def _var(pm: PlanModel, name: str) -> xr.DataArray:
    return pm.variables[name].solution.fillna(0.0)


def extract(pm: PlanModel) -> xr.Dataset:
    """Every variable, dual and reported quantity of a solved plan, in user units."""
    inp, fleet, ds_in = pm.inputs, pm.fleet, pm.inputs.ds
    out: dict[str, xr.DataArray] = {}  # one Dataset at the end: aligning each added array costs
    m_to_count = units.from_millions
    built_m = _var(pm, "accelerators_built")  # site, gen, vintage, tenant [M]
    built = m_to_count(built_m.rename(vintage="year"))
    out["accelerators_built"] = built.sum("tenant")
    out["accelerators_built_by_tenant"] = built
    acc_t = xr.dot(built_m, ds_in["acc_active"], dim="vintage") + (
        ds_in["acc_existing_m"] * ds_in["existing_owner"]
    )  # site, gen, year, tenant [M]
    out["accelerators_in_service_by_tenant"] = m_to_count(acc_t.sum("gen"))
    compute_t = xr.dot(acc_t, ds_in["acc_h100e"], dim="gen")  # site, year, tenant [M h100e]
    out["delivered_h100e_by_tenant"] = m_to_count(compute_t.sum("site"))
    out["it_power_gw_by_tenant"] = xr.dot(acc_t, ds_in["acc_it_gw_per_m"], dim="gen")
    out["delivered_h100e_by_site_tenant"] = m_to_count(compute_t)
    out["demand_h100e_by_tenant"] = m_to_count(ds_in["tenant_demand_mh100e"])
    acc = acc_t.sum("tenant")
    out["accelerators_in_service"] = m_to_count(acc)
    made_m = built_m.sum(["site", "tenant"]).rename(vintage="year")
    out["accelerators_made"] = m_to_count(made_m)
    compute = compute_t.sum("tenant")
    out["delivered_h100e_by_site"] = m_to_count(compute)
    out["it_power_gw"] = _sol(fleet.it_gw)
    out["facility_power_gw"] = _sol(fleet.facility_gw)
    out["energy_twh"] = _sol(fleet.energy_twh)
    out["datacenter_capacity_gw"] = _sol(fleet.dc_it_gw)
    out["datacenter_built_gw"] = _var(pm, "datacenter_built").rename(vintage="year")
    out["power_capacity_gw"] = _sol(fleet.pw_cap_gw)
    out["power_built_gw"] = _var(pm, "power_built").rename(vintage="year")
    out["generation_twh"] = _var(pm, "generation")
    out["grid_import_twh"] = _var(pm, "grid_import")
    out["emissions_mt"] = _sol(emissions_mt(inp, pm.variables))
    if "fabs_built" in pm.variables:
        out["new_fabs"] = _var(pm, "fabs_built").rename(vintage="year")
        out["fabs_in_service"] = _sol(fleet.fabs_in_service)
    else:
        out["new_fabs"] = xr.zeros_like(ds_in["discount"])
        out["fabs_in_service"] = xr.zeros_like(ds_in["discount"])
    out["demand_h100e"] = m_to_count(ds_in["demand_mh100e"])
    unserved = (
        _var(pm, "unserved")
        if "unserved" in pm.variables
        else xr.zeros_like(ds_in["tenant_demand_mh100e"])
    )
    out["unserved_h100e_by_tenant"] = m_to_count(unserved)
    out["unserved_h100e"] = m_to_count(unserved.sum("tenant"))
    if len(inp.regions):
        out["region_demand_h100e"] = m_to_count(ds_in["region_demand_mh100e"])
        out["region_unserved_h100e"] = m_to_count(_var(pm, "unserved_region"))
        out["region_delivered_h100e"] = m_to_count((compute * region_members(inp)).sum("site"))
        if not inp.has_world_demand:
            out["demand_h100e"] = out["region_demand_h100e"].sum("region")
            out["unserved_h100e"] = out["region_unserved_h100e"].sum("region")
    out["wafers_used"] = m_to_count(xr.dot(made_m, ds_in["acc_wafers_per_acc"], dim="gen"))
    out["wafers_available"] = m_to_count(
        ds_in["wafers_m"] + inp.fab["wafers_m"] * out["fabs_in_service"]
    )
    out.update(cost_arrays(pm))
    out["capex_cash_usd"] = _capex_by_class(out)
    _jobs_and_land(pm, out)
    out["cost_pv_usd"] = xr.DataArray(
        [units.usd_from_busd(float(_sol(t))) for t in pm.costs.values()],
        dims="cost_component",
        coords={"cost_component": list(pm.costs)},
    )
    for name, con in pm.model.constraints.items():
        dual = con.dual
        if isinstance(dual, xr.DataArray):
            out[f"dual_{name}"] = dual.fillna(0.0).assign_attrs(
                unit=f"B USD (present value) per {FAMILY_UNITS.get(name)}"
            )
            out[f"rhs_{name}"] = con.rhs.where(np.isfinite(con.rhs), 0.0)
    for name in [n for n in pm.model.variables if n.startswith("slack_")]:
        out[name] = pm.model.variables[name].solution.fillna(0.0)
    out["capacity_factor"] = ds_in["pw_cf"]
    out["max_facility_gw"] = ds_in["max_facility_gw"]
    out["discount"] = ds_in["discount"]
    out["pue"] = ds_in["pue"]
    out["acc_h100e"] = ds_in["acc_h100e"]
    data = xr.Dataset(out)
    _annotate(data)
    return data


def _capex_by_class(costs: dict) -> xr.DataArray:
    """Cash capex per year by asset class [USD]: the sites' capex by class, and fabs."""
    sites = costs["capex_site_usd"].sum("site").rename(site_asset="asset_class")
    fabs = costs["capex_fabs_usd"].expand_dims(asset_class=["fabs"])
    return xr.concat([sites, fabs], dim="asset_class")


def _jobs_and_land(pm: PlanModel, out: dict) -> None:
    """Land used per site [km2] and construction and operations jobs per year [persons]."""
    ds = pm.inputs.ds
    out["land_km2"] = out["datacenter_capacity_gw"] * ds["pue"] * ds["dc_km2_per_gw"] + (
        out["power_capacity_gw"] * ds["pw_land_km2_per_gw"]
    ).sum("tech")
    built_busd = units.busd_from_usd(
        out["capex_site_usd"].sel(site_asset=["datacenters", "power"]).sum("site_asset")
    )
    out["construction_jobs"] = (built_busd * ds["dc_construction_jobs_per_busd"]).sum("site")
    out["operations_jobs"] = (out["facility_power_gw"] * ds["dc_operations_jobs_per_gw"]).sum(
        "site"
    )


_UNITS = {
    "land_km2": "km2",
    "construction_jobs": "jobs",
    "operations_jobs": "jobs",
    "accelerators_built": "accelerators",
    "accelerators_in_service": "accelerators",
    "accelerators_made": "accelerators",
    "delivered_h100e_by_site": "h100e",
    "it_power_gw": "GW",
    "facility_power_gw": "GW",
    "energy_twh": "TWh",
    "datacenter_capacity_gw": "GW IT",
    "datacenter_built_gw": "GW IT",
    "power_capacity_gw": "GW",
    "power_built_gw": "GW",
    "generation_twh": "TWh",
    "grid_import_twh": "TWh",
    "emissions_mt": "Mt CO2e",
    "new_fabs": "fabs",
    "fabs_in_service": "fabs",
    "demand_h100e": "h100e",
    "unserved_h100e": "h100e",
    "wafers_used": "wafers",
    "wafers_available": "wafers",
    "capex_cash_usd": "USD",
    "cost_pv_usd": "USD (present value)",
}


def _annotate(out: xr.Dataset) -> None:
    for name, unit in _UNITS.items():
        if name in out:
            out[name].attrs["unit"] = unit
