"""System cost: the net present value the planning model minimises [B USD].

Convention (README, "Economics"): overnight capex is annualised with the capital
recovery factor ``r / (1 - (1 + r)^-L)`` and charged in every year the asset is
in service inside the horizon; fixed and variable O&M, grid energy, fuel and the
carbon price are charged in the year they occur; each year is discounted to the
first, which is undiscounted. Existing assets carry no capex (it is sunk) but
pay fixed O&M.
"""

from __future__ import annotations

import linopy
import xarray as xr

from .constraints import emissions_mt
from .inputs import PlanInputs
from .sparse import weighted_sum
from .variables import Fleet


def _pv_of_service(inp: PlanInputs, active: xr.DataArray) -> xr.DataArray:
    """Sum over the horizon of the discount factor of each year an asset of a vintage serves."""
    return (active * inp["discount"]).sum("year")


def cost_terms(inp: PlanInputs, var: dict, fleet: Fleet) -> dict[str, linopy.LinearExpression]:
    """Each component of the objective, already discounted [B USD, present value]."""
    ds = inp.ds
    disc = ds["discount"]
    terms: dict[str, linopy.LinearExpression] = {}
    annuity = ds["acc_crf"] * ds["acc_price_busd_per_m"] * _pv_of_service(inp, ds["acc_active"])
    terms["accelerators"] = weighted_sum(var["accelerators_built"], annuity, [])
    dc_annuity = ds["dc_crf"] * ds["dc_capex_busd_per_gw"] * _pv_of_service(inp, ds["dc_active"])
    terms["datacenters"] = (var.filled("datacenter_built") * dc_annuity).sum() + (
        fleet.dc_it_gw * (ds["dc_fom_busd_per_gw"] * disc)
    ).sum()
    pw_annuity = ds["pw_crf"] * ds["pw_capex_busd_per_gw"] * _pv_of_service(inp, ds["pw_active"])
    gen = var.filled("generation")
    terms["power"] = (
        (var.filled("power_built") * pw_annuity).sum()
        + (fleet.pw_cap_gw * (ds["pw_fom_busd_per_gw"] * disc)).sum()
        + (gen * (ds["pw_var_busd_per_twh"] * disc)).sum()
    )
    terms["grid_energy"] = (
        var.filled("grid_import") * (ds["grid_price_busd_per_twh"] * disc)
    ).sum()
    terms["carbon"] = (emissions_mt(inp, var) * (ds["carbon_price_busd_per_mt"] * disc)).sum()
    if fleet.fabs_in_service is not None:
        fab = inp.fab
        fab_annuity = fab["crf"] * fab["capex_busd"] * _pv_of_service(inp, ds["fab_active"])
        terms["fabs"] = (var.filled("fabs_built") * fab_annuity).sum() + (
            fleet.fabs_in_service * (fab["fom_busd"] * disc)
        ).sum()
    unserved = 0
    if "unserved" in var:
        value = ds["tenant_penalty_busd_per_mh100e"]
        unserved = (var["unserved"] * (value * disc)).sum()
    if "unserved_region" in var:
        unserved = unserved + (var["unserved_region"] * (inp.penalty_busd_per_mh100e * disc)).sum()
    if not isinstance(unserved, int):
        terms["unserved_penalty"] = unserved
    return terms
