"""Read a solved planning model into one xarray Dataset in user units.

Every reported quantity is a definition of :mod:`.quantities` evaluated at the solution
(costs, capex, emissions, land, the fleet), so results cannot drift from the model.
Counts, h100e, USD, GW, TWh and Mt CO2e out of the model's scaled units here. Duals stay
in model units (B USD of present value per a row's unit) as ``dual_<family>``, beside
``rhs_<family>``; the families' records travel in the run's meta.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from .. import units
from ..modelling import Linear
from .build import PlanModel
from .quantities import COMPONENTS
from .readback import duals, primal
from .variables import solution

SITE_ASSETS = ("accelerators", "datacenters", "power")

#: quantities over at most this many variable slots are evaluated as sparse rows
_SPARSE_VALUE_SLOTS = 200_000


def extract(pm: PlanModel, sol: dict[str, xr.DataArray] | None = None) -> xr.Dataset:
    """Every variable, dual and reported quantity of a solved plan, in user units
    (``sol``: the variables' solution, when the caller has it already)."""
    inp, q = pm.inputs, pm.quantities
    acc, dc, pw, dem, h = (
        inp.accelerators,
        inp.datacenters,
        inp.power,
        inp.demand,
        inp.horizon,
    )
    sol = solution(pm.variables) if sol is None else sol
    x = primal(pm)

    def value(quantity: Linear, dims: tuple[str, ...] | None = None) -> xr.DataArray:
        """The quantity at the solution: its sparse expression times the primal vector
        when the rows were built from it or it is small; else contracted (xr.dot), which
        at a million variables is cheaper than building its terms."""
        key = (quantity.name, quantity.dims if dims is None else tuple(dims))
        slots = sum(pm.variables[p.var].labels.size for p in quantity.parts)
        if key in pm.exprs or slots <= _SPARSE_VALUE_SLOTS:
            return pm.sparse(quantity, dims).value(x)
        return quantity.value(sol, dims)

    count = units.from_millions
    out: dict[str, xr.DataArray] = {}  # one Dataset at the end: aligning each array costs
    built_m = sol["accelerators_built"]  # site, gen, vintage, tenant [M]
    built = count(built_m.rename(vintage="year"))
    out["accelerators_built"] = built.sum("tenant")
    out["accelerators_built_by_tenant"] = built
    acc_t = value(q.fleet_m)  # site, gen, year, tenant [M], early retirements taken out
    out["accelerators_in_service_by_tenant"] = count(acc_t.sum("gen"))
    compute_t = value(q.compute_mh100e)  # site, year, tenant [M h100e]
    out["delivered_h100e_by_tenant"] = count(compute_t.sum("site"))
    out["it_power_gw_by_tenant"] = xr.dot(acc_t, acc.it_gw_per_m, dim="gen")
    out["delivered_h100e_by_site_tenant"] = count(compute_t)
    out["demand_h100e_by_tenant"] = count(dem.tenant_mh100e)
    per_h100e = units.usd_from_busd(1.0) / units.from_millions(1.0)  # B USD/M -> USD each
    out["tenant_value_usd_per_h100e_year"] = dem.tenant_penalty_busd_per_mh100e * per_h100e
    out["accelerators_in_service"] = count(acc_t.sum("tenant"))
    made_m = built_m.sum(["site", "tenant"]).rename(vintage="year")  # gen, year [M]
    out["accelerators_made"] = count(made_m)
    out["delivered_h100e_by_site"] = count(compute_t.sum("tenant"))
    out["it_power_gw"] = value(q.it_gw)
    out["facility_power_gw"] = value(q.facility_gw)
    out["energy_twh"] = value(q.energy_twh)
    out["datacenter_capacity_gw"] = value(q.datacenter_gw)
    out["datacenter_built_gw"] = sol["datacenter_built"].rename(vintage="year")
    out["power_capacity_gw"] = value(q.power_gw)
    out["power_built_gw"] = sol["power_built"].rename(vintage="year")
    out["generation_twh"] = value(q.generation_twh)
    out["grid_import_twh"] = value(q.grid_import_twh)
    out["emissions_mt"] = value(q.emissions_mt)
    zeros = h.zeros()
    if q.fabs_in_service is not None:
        by_fab = sol["fabs_built"].rename(vintage="year")
        out["new_fabs_by_fab"] = by_fab
        out["new_fabs"] = by_fab.sum("fab")
        out["fabs_in_service"] = value(q.fabs_in_service).sum("fab")
    else:
        out["new_fabs"] = zeros
        out["fabs_in_service"] = zeros
    out["demand_h100e"] = count(dem.total_mh100e)
    unserved = sol.get("unserved", xr.zeros_like(dem.tenant_mh100e))
    out["unserved_h100e_by_tenant"] = count(unserved)
    out["unserved_h100e"] = count(unserved.sum("tenant"))
    if len(dem.regions):
        out["region_demand_h100e"] = count(dem.region_mh100e)
        out["region_unserved_h100e"] = count(sol["unserved_region"])
        out["region_value_usd_per_h100e_year"] = xr.DataArray(
            dem.region_penalty_busd_per_mh100e * per_h100e
        )
        out["region_delivered_h100e"] = count(
            (compute_t.sum("tenant") * dem.site_in_region).sum("site")
        )
        if not dem.world:
            out["unserved_h100e"] = out["region_unserved_h100e"].sum("region")
    out.update(_chips(pm, sol, value, made_m))
    out.update(_costs(pm, value))
    out["land_km2"] = value(q.land_km2)
    out.update(_power_water(pm, sol, value))
    built_busd = units.busd_from_usd(
        out["capex_site_usd"].sel(site_asset=["datacenters", "power"]).sum("site_asset")
    )
    out["construction_jobs"] = (built_busd * dc.construction_jobs_per_busd).sum("site")
    out["operations_jobs"] = (out["facility_power_gw"] * dc.operations_jobs_per_gw).sum("site")
    out.update(duals(pm))
    out.update(_slice_results(pm, sol, value))
    out["capacity_factor"] = pw.capacity_factor
    out["max_facility_gw"] = inp.sites.max_facility_gw
    out["discount"] = h.discount
    out["pue"] = dc.pue
    out["load_factor"] = dc.load_factor
    out["acc_h100e"] = acc.h100e
    out["acc_wafers_per_acc"] = inp.supply.pools.wafers_per_acc.sum("pool")
    out["acc_price_usd"] = units.usd_from_busd(acc.price_busd_per_m) / units.from_millions(1.0)
    out["acc_family"] = xr.DataArray(
        [str(f) for f in acc.family.values], dims="gen", coords={"gen": acc.names}
    )
    out["site_rate"] = inp.sites.capital_rate
    data = xr.Dataset(out)
    for name, unit in _UNITS.items():
        if name in data:
            data[name].attrs["unit"] = unit
    return data


def _chips(pm: PlanModel, sol: dict, value, made_m: xr.DataArray) -> dict[str, xr.DataArray]:
    """Chip results: compute shipped, early retirements, and each pool's use and supply."""
    inp, q = pm.inputs, pm.quantities
    acc, p, count = inp.accelerators, inp.supply.pools, units.from_millions
    out: dict[str, xr.DataArray] = {}
    out["accelerators_built_h100e"] = count(made_m * acc.h100e)  # gen, year
    # in model units, to size the rent of the rows whose limit is a share (ramp, booking)
    out["accelerators_made_m"] = made_m
    if inp.supply.booking_member.sizes.get("group", 0):
        out["cowos_by_group_m"] = value(q.cowos_by_group)
    out["accelerators_retired_early"] = count(_retired_early(pm, sol, value))  # gen, year
    used = value(q.wafers_m) + value(q.cowos_m)  # pool, year [M wafers]
    if "hbm_drawn" in sol:
        used = used + sol["hbm_drawn"].sum("hbm_user")
    out["pool_used"] = count(used)
    fab_wafers = value(q.fab_wafers_m) if q.fab_wafers_m is not None else xr.zeros_like(used)
    out["pool_available"] = count(p.capacity_m + fab_wafers)  # NaN for a stock
    out["pool_stock"] = count(p.stock_m)
    out["fab_wafers"] = count(fab_wafers.where(p.of_kind("logic"), 0.0).sum("pool"))
    out["pool_kind"] = p.kind.astype(str)
    logic = p.of_kind("logic")
    out["wafers_used"] = out["pool_used"].where(logic, 0.0).sum("pool")
    out["wafers_available"] = out["pool_available"].where(logic, 0.0).fillna(0.0).sum("pool")
    out["wafers_used_by_gen"] = count(made_m * p.wafers_per_acc.sum("pool"))  # gen, year
    return out


def _retired_early(pm: PlanModel, sol: dict, value) -> xr.DataArray:
    """(gen, year) accelerators leaving service early each year [M]: the rise of those alive
    but not in service, plus those of them that reach the end of their life (oldest first)."""
    acc, h = pm.inputs.accelerators, pm.inputs.horizon
    zero = xr.zeros_like(acc.h100e * h.discount)
    if "accelerators_in_service" not in sol:
        return zero
    alive = value(pm.quantities.alive_m)  # site, gen, year, tenant
    idle = (alive - sol["accelerators_in_service"]).where(acc.early, 0.0).clip(min=0.0)
    built = sol["accelerators_built"].rename(vintage="year")
    ends = (alive.shift(year=1, fill_value=0.0) + built - alive).clip(min=0.0)
    before = idle.shift(year=1, fill_value=0.0)
    retired = idle - before + np.minimum(ends, before)
    return retired.clip(min=0.0).sum(["site", "tenant"]).transpose("gen", "year")


def _costs(pm: PlanModel, value) -> dict[str, xr.DataArray]:
    """The cost terms at the solution [USD, undiscounted], under the names results read."""
    q, h = pm.quantities, pm.inputs.horizon
    usd = units.usd_from_busd
    zeros = h.zeros()
    cost = {name: usd(value(term)) for name, term in q.costs.items()}
    out = {
        "cost_accelerators_usd": cost["accelerators"],
        "datacenter_annuity_usd": cost["datacenters_annuity"],
        "cost_datacenters_usd": cost["datacenters_annuity"] + cost["datacenters_fixed_om"],
        # the grid connection is a power asset (capex class "power"); fuel a power cost
        "power_annuity_usd": cost["power_annuity"] + cost["grid_connection_annuity"],
        "cost_power_usd": cost["power_annuity"]
        + cost["power_fixed_om"]
        + cost["power_variable"]
        + cost["fuel"]
        + cost["grid_connection_annuity"]
        + cost["grid_connection_fixed_om"],
        "cost_fuel_usd": cost["fuel"],
        "cost_grid_connection_usd": cost["grid_connection_annuity"]
        + cost["grid_connection_fixed_om"],
        "cost_grid_usd": cost["grid_energy"],
        "cost_carbon_usd": cost["carbon"],
        "fab_annuity_usd": cost.get("fabs_annuity", zeros),
        "cost_fabs_usd": cost.get("fabs_annuity", zeros) + cost.get("fabs_fixed_om", zeros),
        "cost_unserved_usd": cost.get("unserved", xr.zeros_like(pm.inputs.demand.tenant_mh100e)),
        "cost_unserved_region_usd": (
            cost["unserved_region"].sum("region") if "unserved_region" in cost else zeros
        ),
    }
    disc = h.discount
    pv = {
        name: sum(float((cost[t] * disc).sum()) for t in terms if t in cost)
        for name, terms in COMPONENTS.items()
        if any(t in cost for t in terms)
    }
    out["cost_pv_usd"] = xr.DataArray(
        list(pv.values()), dims="cost_component", coords={"cost_component": list(pv)}
    )
    site_asset = xr.Variable("site_asset", list(SITE_ASSETS))
    out["capex_site_usd"] = usd(
        xr.concat([value(q.capex_cash[a]) for a in SITE_ASSETS], site_asset)
    )
    out["residual_site_usd"] = usd(
        xr.concat([value(q.residual[a]) for a in SITE_ASSETS], site_asset)
    )
    if "fabs" in q.capex_cash:
        out["capex_fabs_usd"] = usd(value(q.capex_cash["fabs"]))
        out["residual_fabs_usd"] = usd(value(q.residual["fabs"]))
    else:
        out["capex_fabs_usd"] = zeros
        out["residual_fabs_usd"] = xr.DataArray(0.0)
    sites = out["capex_site_usd"].sum("site").rename(site_asset="asset_class")
    fabs = out["capex_fabs_usd"].expand_dims(asset_class=["fabs"])
    out["capex_cash_usd"] = xr.concat([sites, fabs], dim="asset_class")
    return out


def _power_water(pm: PlanModel, sol: dict, value) -> dict[str, xr.DataArray]:
    """Grid connections, gas turbines, grid price and carbon by year, and water [user units]."""
    q, inp = pm.quantities, pm.inputs
    s, w = inp.sites, inp.water
    return {
        "grid_connection_gw": value(q.grid_connection_gw),
        "grid_connection_built_gw": sol["grid_connection_built"].rename(vintage="year"),
        "gas_turbines_built_gw": value(q.gas_turbines_gw),
        "gas_turbine_supply_gw": inp.power.gas_turbine_supply_gw.where(
            np.isfinite(inp.power.gas_turbine_supply_gw)
        ),
        "transformers_built_gw": value(q.transformers_gw),
        "grid_price_usd_per_mwh": s.grid_price_busd_per_twh
        / units.busd_per_twh_from_usd_per_mwh(1.0),
        "grid_carbon_t_per_mwh": s.grid_carbon_mt_per_twh,
        "fuel_usd_per_mwh": inp.power.fuel_busd_per_twh / units.busd_per_twh_from_usd_per_mwh(1.0),
        "water_consumption_gl": value(q.water_consumption_gl),
        "water_withdrawal_gl": value(q.water_withdrawal_gl),
        "water_site_consumption_gl": value(q.water_site_consumption_gl),
        "water_site_withdrawal_gl": value(q.water_site_withdrawal_gl),
        "water_limit_gl": w.limit_gl,
        "water_stress_score": w.stress,
        "water_cooling_consumption_l_per_kwh_it": w.cooling_consumption_gl_per_twh_it,
        "water_cooling_withdrawal_l_per_kwh_it": w.cooling_withdrawal_gl_per_twh_it,
        "water_tech_consumption_l_per_kwh": w.tech_consumption_gl_per_twh,
        "water_tech_withdrawal_l_per_kwh": w.tech_withdrawal_gl_per_twh,
        "water_grid_consumption_l_per_kwh": w.grid_consumption_gl_per_twh,
        "water_grid_withdrawal_l_per_kwh": w.grid_withdrawal_gl_per_twh,
    }


def _slice_results(pm: PlanModel, sol: dict, value) -> dict[str, xr.DataArray]:
    """What happens in each time slice (the report's typical week), in GW and GWh.

    Rates [TWh/yr] become mean power [GW]; ``slice_storage_level_gwh`` is the level within
    each representative period (from 0 at its start) and ``storage_start_gwh`` the level
    at the start of each real period, so a real day's level is their sum. Nothing with
    one yearly slice.
    """
    sl = pm.inputs.slices
    if not sl.sliced:
        return {}
    gw = units.gwh_per_hour_from_twh_per_year
    f32 = np.float32
    out = {
        "slice_hours": sl.share * units.HOURS_PER_YEAR,
        "slice_period": sl.period,
        "slice_step": sl.step,
        "slice_duration_h": sl.duration,
        "period_order": sl.period_order,
        "slice_generation_gw": gw(sol["generation"]).astype(f32),
        "slice_grid_import_gw": gw(sol["grid_import"]).astype(f32),
        "slice_load_gw": gw(value(pm.quantities.load_twh)).astype(f32),
        "slice_availability": (sl.availability / units.twh_per_gw_year()).astype(f32),
        "slice_price_factor": sl.price_factor,
        "slice_carbon_factor": sl.carbon_factor,
    }
    if "charge" in sol:
        charge, discharge = gw(sol["charge"].sum("tech")), gw(sol["discharge"].sum("tech"))
        out["slice_storage_gw"] = (discharge - charge).astype(f32)
        out["slice_charge_gw"] = charge
        out["slice_discharge_gw"] = discharge
        out["slice_storage_level_gwh"] = sol["storage_level"].sum("tech").astype(f32)
        if "storage_start" in sol:
            out["storage_start_gwh"] = sol["storage_start"].sum("tech").astype(f32)
    if "flexible_load" in sol:
        out["slice_flexible_load_gw"] = gw(sol["flexible_load"]).astype(f32)
    return out


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
    "accelerators_built_h100e": "h100e",
    "accelerators_retired_early": "accelerators",
    "pool_used": "wafers or HBM stacks",
    "pool_available": "wafers or HBM stacks",
    "pool_stock": "HBM stacks",
    "wafers_used_by_gen": "wafers",
    "capex_cash_usd": "USD",
    "cost_pv_usd": "USD (present value)",
    "slice_hours": "h",
    "slice_duration_h": "h",
    "slice_generation_gw": "GW",
    "slice_grid_import_gw": "GW",
    "slice_load_gw": "GW",
    "slice_storage_gw": "GW",
    "slice_charge_gw": "GW",
    "slice_discharge_gw": "GW",
    "slice_storage_level_gwh": "GWh",
    "storage_start_gwh": "GWh",
    "slice_flexible_load_gw": "GW",
    "grid_connection_gw": "GW",
    "grid_connection_built_gw": "GW",
    "gas_turbines_built_gw": "GW",
    "gas_turbine_supply_gw": "GW",
    "transformers_built_gw": "GW",
    "grid_price_usd_per_mwh": "USD/MWh",
    "grid_carbon_t_per_mwh": "t CO2e/MWh",
    "fuel_usd_per_mwh": "USD/MWh",
    "water_consumption_gl": "GL",
    "water_withdrawal_gl": "GL",
    "water_site_consumption_gl": "GL",
    "water_site_withdrawal_gl": "GL",
    "water_limit_gl": "GL",
    "water_stress_score": "WRI Aqueduct 0-5",
}
