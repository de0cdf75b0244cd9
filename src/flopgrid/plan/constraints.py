"""Constraint families of the planning model, one function each.

Each function takes the model, the inputs, the variables and the fleet
expressions, builds one whole N-dimensional family in one call, and returns
early when the family has no rows. Names here are the names in results, duals
and the bottleneck report.
"""

from __future__ import annotations

import linopy
import numpy as np
import xarray as xr

from .inputs import PlanInputs
from .limit import add_limit
from .sparse import weighted_sum
from .variables import Fleet, accelerators_made


def add_fleet_definitions(m, inp: PlanInputs, var: dict, fleet: Fleet, elastic: bool) -> None:
    """AI IT power [GW] and compute [M h100e] in service per site, defined from the fleet."""
    add_limit(
        m,
        var["it_power"] - fleet.ai_it_gw,
        "==",
        0.0,
        "it_power_definition",
        elastic=False,
    )
    add_limit(m, var["compute"] - fleet.compute, "==", 0.0, "compute_definition", elastic=False)


def add_compute_demand(m, inp: PlanInputs, var: dict, fleet: Fleet, elastic: bool) -> None:
    """Compute in service [M h100e] + unserved >= demand, per tenant and per region."""
    if inp.has_world_demand:
        lhs = var["compute"].sum("site") + var["unserved"]
        add_limit(m, lhs, ">=", inp["tenant_demand_mh100e"], "compute_demand", elastic=False)
    if len(inp.regions):
        delivered = var["compute"].sum("tenant")
        lhs = (delivered * region_members(inp)).sum("site") + var["unserved_region"]
        add_limit(m, lhs, ">=", inp["region_demand_mh100e"], "region_demand", elastic=False)


def add_chip_supply(m, inp: PlanInputs, var: dict, fleet: Fleet, elastic: bool) -> None:
    """Accelerators made per year need leading-edge wafers (existing + new fabs),
    CoWoS packaging wafers and HBM stacks [M wafers, M stacks]."""
    wafers = accelerators_made(var, inp["acc_wafers_per_acc"])
    if fleet.fabs_in_service is not None:
        wafers = wafers - inp.fab["wafers_m"] * fleet.fabs_in_service
    add_limit(m, wafers, "<=", inp["wafers_m"], "wafer_supply", elastic=elastic)
    for name, per_acc, limit in (
        ("cowos_supply", "acc_cowos_per_acc", "cowos_m"),
        ("hbm_supply", "acc_hbm_per_acc", "hbm_m"),
    ):
        rhs = inp[limit].fillna(np.inf)
        add_limit(m, accelerators_made(var, inp[per_acc]), "<=", rhs, name, elastic=elastic)


def add_datacenter_capacity(m, inp: PlanInputs, var: dict, fleet: Fleet, elastic: bool) -> None:
    """IT power in service <= data-center capacity built [GW IT]."""
    add_limit(m, fleet.it_gw - fleet.dc_it_gw, "<=", 0.0, "datacenter_capacity", elastic=elastic)


def add_site_cap(m, inp: PlanInputs, var: dict, fleet: Fleet, elastic: bool) -> None:
    """Data-center capacity x PUE <= the site's maximum facility power [GW]."""
    add_limit(
        m,
        fleet.dc_it_gw * inp["pue"],
        "<=",
        inp["max_facility_gw"].broadcast_like(inp["discount"]),
        "site_cap",
        elastic=elastic,
    )


def add_land(m, inp: PlanInputs, var: dict, fleet: Fleet, elastic: bool) -> None:
    """Land of data centers and on-site power plants <= the site's land [km2]."""
    used = fleet.dc_it_gw * (inp["pue"] * inp["dc_km2_per_gw"]) + (
        fleet.pw_cap_gw * inp["pw_land_km2_per_gw"]
    ).sum("tech")
    add_limit(
        m, used, "<=", inp["land_km2"].broadcast_like(inp["discount"]), "land", elastic=elastic
    )


def add_site_energy(m, inp: PlanInputs, var: dict, fleet: Fleet, elastic: bool) -> None:
    """Generation + grid import >= facility energy (IT x PUE x load factor x 8760 h) [TWh]."""
    supply = var.filled("generation").sum("tech") + var.filled("grid_import")
    add_limit(m, supply - fleet.energy_twh, ">=", 0.0, "energy_balance", elastic=elastic)


def add_generation_limit(m, inp: PlanInputs, var: dict, fleet: Fleet, elastic: bool) -> None:
    """Generation <= capacity x capacity factor x 8760 h [TWh]."""
    avail = fleet.pw_cap_gw * (inp["pw_cf"] * inp["twh_per_gw_year"])
    mask = inp["pw_generates"].broadcast_like(inp["pw_existing_gw"])
    add_limit(
        m,
        var.filled("generation") - avail,
        "<=",
        0.0,
        "generation_limit",
        elastic=elastic,
        mask=mask,
    )


def add_grid_import_limit(m, inp: PlanInputs, var: dict, fleet: Fleet, elastic: bool) -> None:
    """Grid import <= the site's grid connection x 8760 h [TWh]."""
    rhs = (inp["grid_import_gw"] * inp["twh_per_gw_year"]).broadcast_like(inp["discount"])
    add_limit(
        m,
        var.filled("grid_import"),
        "<=",
        rhs,
        "grid_import_limit",
        elastic=elastic,
        mask=(inp["grid_import_gw"] > 0).broadcast_like(rhs),
    )


def add_firm_capacity(m, inp: PlanInputs, var: dict, fleet: Fleet, elastic: bool) -> None:
    """Firm capacity (capacity credits, grid connection) >= peak facility load x (1 + margin)."""
    firm = (fleet.pw_cap_gw * inp["pw_credit"]).sum("tech")
    lhs = firm - fleet.facility_gw * (1.0 + inp["reserve_margin"])
    rhs = -(inp["grid_import_gw"] * inp["grid_capacity_credit"]).broadcast_like(inp["discount"])
    add_limit(m, lhs, ">=", rhs, "firm_capacity", elastic=elastic)


def add_build_limit(m, inp: PlanInputs, var: dict, fleet: Fleet, elastic: bool) -> None:
    """Power capacity of a technology at a site <= its build limit [GW]."""
    rhs = inp["pw_limit_gw"].broadcast_like(inp["pw_existing_gw"])
    add_limit(m, fleet.pw_cap_gw, "<=", rhs, "build_limit", elastic=elastic)


def add_export_cap(m, inp: PlanInputs, var: dict, fleet: Fleet, elastic: bool) -> None:
    """Accelerators (of the capped classes) in service in a country <= its cap [M]."""
    caps = inp["export_cap_m"]
    if not bool(np.isfinite(caps).any()):
        return
    # only the capped countries' sites and classes: the others would be rows of no limit
    capped = caps["country"].values[np.isfinite(caps).any("year").values]
    caps = caps.sel(country=capped)
    classes = inp["export_cap_classes"].sel(country=capped).astype(float)
    site_country = inp["site_country"]
    new = weighted_sum(
        var["accelerators_built"],
        inp["acc_active"] * classes,
        ["country", "year"],
        groups={"country": site_country},
    )
    in_country = (site_country == classes["country"]).astype(float)  # (site, country)
    existing = (inp["acc_existing_m"] * classes * in_country).sum(["site", "gen"])
    add_limit(m, new + existing, "<=", caps, "export_cap", elastic=elastic)


def cash_capex(inp: PlanInputs, var: dict) -> linopy.LinearExpression:
    """Overnight capex spent per year [B USD], spread over each asset's lead time."""
    ds = inp.ds
    acc = weighted_sum(var["accelerators_built"], ds["acc_price_busd_per_m"], ["vintage"])
    total = acc.rename(vintage="year")
    dc = var.filled("datacenter_built") * (ds["dc_capex_busd_per_gw"] * ds["dc_cash"])
    total = total + dc.sum(["site", "vintage"])
    pw = var.filled("power_built") * (ds["pw_capex_busd_per_gw"] * ds["pw_cash"])
    total = total + pw.sum(["site", "tech", "vintage"])
    if "fabs_built" in var:
        fab = var.filled("fabs_built") * (inp.fab["capex_busd"] * ds["fab_cash"])
        total = total + fab.sum("vintage")
    return total


def add_budget(m, inp: PlanInputs, var: dict, fleet: Fleet, elastic: bool) -> None:
    """Cash capex per year <= the budget [B USD]."""
    budget = inp["budget_busd"].fillna(np.inf)
    add_limit(m, cash_capex(inp, var), "<=", budget, "budget", elastic=elastic)


def add_clean_share(m, inp: PlanInputs, var: dict, fleet: Fleet, elastic: bool) -> None:
    """Clean energy (clean generation + clean share of grid) >= share x all energy [TWh]."""
    share = inp["min_clean_share"]
    if not bool((share > 0).any()):
        return
    gen = var.filled("generation")
    grid = var.filled("grid_import")
    clean = (gen * inp["pw_clean"]).sum(["site", "tech"]) + (grid * inp["grid_clean_share"]).sum(
        "site"
    )
    total = gen.sum(["site", "tech"]) + grid.sum("site")
    add_limit(m, clean - total * share, ">=", 0.0, "clean_share", elastic=elastic, mask=share > 0)


FAMILIES = (
    add_fleet_definitions,
    add_compute_demand,
    add_chip_supply,
    add_datacenter_capacity,
    add_site_cap,
    add_land,
    add_site_energy,
    add_generation_limit,
    add_grid_import_limit,
    add_firm_capacity,
    add_build_limit,
    add_export_cap,
    add_budget,
    add_clean_share,
)


def emissions_mt(inp: PlanInputs, var: dict) -> linopy.LinearExpression:
    """Emissions per site and year [Mt CO2e]: generation and grid import."""
    gen = (var.filled("generation") * inp["pw_emissions_mt_per_twh"]).sum("tech")
    return gen + var.filled("grid_import") * inp["grid_carbon_mt_per_twh"]


def region_members(inp: PlanInputs) -> xr.DataArray:
    """1 where a site belongs to a demand region (site, region)."""
    return (inp["site_region"] == inp.regions.to_series().to_xarray()).astype(float)
