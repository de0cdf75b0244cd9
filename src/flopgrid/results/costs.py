"""Where the system cost goes: yearly cost by asset class, site and tenant [USD].

These undiscounted arrays, discounted with ``discount``, add up to the objective;
the tenant allocation and members' cash flows are built from them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import xarray as xr

from .. import units

if TYPE_CHECKING:
    from ..plan.build import PlanModel


def _sol(pm: PlanModel, name: str) -> xr.DataArray:
    return pm.variables[name].solution.fillna(0.0)


def _in_service(built: xr.DataArray, active: xr.DataArray) -> xr.DataArray:
    return xr.dot(built, active, dim="vintage")  # einsum: no (vintage x year) broadcast


def cost_arrays(pm: PlanModel) -> dict[str, xr.DataArray]:
    """Yearly costs [USD, undiscounted]: ``cost_<part>_usd`` with their natural dims.

    Annuities (capex x capital recovery factor) fall in each year an asset is in service;
    operating costs in the year they occur. ``cost_unserved_usd`` is the penalty on unserved
    compute (a model cost, not cash).
    """
    inp, ds = pm.inputs, pm.inputs.ds
    usd = units.usd_from_busd
    out: dict[str, xr.DataArray] = {}
    acc_new = _in_service(_sol(pm, "accelerators_built"), ds["acc_active"])
    out["cost_accelerators_usd"] = usd(
        (acc_new * ds["acc_crf"] * ds["acc_price_busd_per_m"]).sum("gen")
    )  # site, year, tenant
    dc_new = _in_service(_sol(pm, "datacenter_built"), ds["dc_active"])
    dc_total = dc_new + ds["dc_existing_gw"]
    out["datacenter_annuity_usd"] = usd(dc_new * ds["dc_crf"] * ds["dc_capex_busd_per_gw"])
    out["cost_datacenters_usd"] = out["datacenter_annuity_usd"] + usd(
        dc_total * ds["dc_fom_busd_per_gw"]
    )
    pw_new = _in_service(_sol(pm, "power_built"), ds["pw_active"])
    pw_total = pw_new + ds["pw_existing_gw"]
    gen = _sol(pm, "generation")
    out["power_annuity_usd"] = usd((pw_new * ds["pw_crf"] * ds["pw_capex_busd_per_gw"]).sum("tech"))
    out["cost_power_usd"] = out["power_annuity_usd"] + usd(
        (pw_total * ds["pw_fom_busd_per_gw"] + gen * ds["pw_var_busd_per_twh"]).sum("tech")
    )
    grid = _sol(pm, "grid_import")
    out["cost_grid_usd"] = usd(grid * ds["grid_price_busd_per_twh"])
    emissions = (gen * ds["pw_emissions_mt_per_twh"]).sum("tech") + grid * ds[
        "grid_carbon_mt_per_twh"
    ]
    out["cost_carbon_usd"] = usd(emissions * ds["carbon_price_busd_per_mt"])
    fab = inp.fab
    if "fabs_built" in pm.variables:
        fabs_new = _in_service(_sol(pm, "fabs_built"), ds["fab_active"])
        out["fab_annuity_usd"] = usd(fabs_new * fab["crf"] * fab["capex_busd"])
        out["cost_fabs_usd"] = out["fab_annuity_usd"] + usd(fabs_new * fab["fom_busd"])
    else:
        out["fab_annuity_usd"] = xr.zeros_like(ds["discount"])
        out["cost_fabs_usd"] = xr.zeros_like(ds["discount"])
    unserved = xr.zeros_like(ds["tenant_demand_mh100e"])
    if "unserved" in pm.variables:
        unserved = _sol(pm, "unserved") * ds["tenant_penalty_busd_per_mh100e"]
    out["cost_unserved_usd"] = usd(unserved)
    region = xr.zeros_like(ds["discount"])
    if "unserved_region" in pm.variables:
        region = (_sol(pm, "unserved_region") * inp.penalty_busd_per_mh100e).sum("region")
    out["cost_unserved_region_usd"] = usd(region)
    out["site_rate"] = ds["site_rate"]
    out.update(_capex_and_residual(pm))
    return out


def _residual_share(years, life) -> xr.DataArray:
    """Share of an asset's overnight cost still undepreciated (straight line) after the
    horizon's last year, per vintage [1]."""
    v = xr.DataArray(years.values, dims="vintage", coords={"vintage": years.values})
    end = float(years.values[-1])
    return ((v + life - 1 - end).clip(min=0) / life).clip(max=1)


def _capex_and_residual(pm: PlanModel) -> dict[str, xr.DataArray]:
    """Cash capex per (asset class, site, year) and residual value per (asset class, site)
    [USD]; fabs stand at no site and are kept apart."""
    inp, ds = pm.inputs, pm.inputs.ds
    usd = units.usd_from_busd
    years = inp.years
    acc = _sol(pm, "accelerators_built").sum("tenant")
    dc = _sol(pm, "datacenter_built")
    pw = _sol(pm, "power_built")
    acc_cap = (acc * ds["acc_price_busd_per_m"]).sum("gen")
    dc_cap = dc * ds["dc_capex_busd_per_gw"]
    pw_cap = pw * ds["pw_capex_busd_per_gw"]
    cash = xr.concat(
        [
            acc_cap.rename(vintage="year"),
            (dc_cap * ds["dc_cash"]).sum("vintage"),
            (pw_cap * ds["pw_cash"]).sum(["tech", "vintage"]),
        ],
        dim=xr.Variable("site_asset", ["accelerators", "datacenters", "power"]),
    )
    acc_life, dc_life, pw_life = ds["acc_life"], ds["dc_life"], ds["pw_life"]
    residual = xr.concat(
        [
            (acc * ds["acc_price_busd_per_m"] * _residual_share(years, acc_life)).sum(
                ["gen", "vintage"]
            ),
            (dc_cap * _residual_share(years, dc_life)).sum("vintage"),
            (pw_cap * _residual_share(years, pw_life)).sum(["tech", "vintage"]),
        ],
        dim=xr.Variable("site_asset", ["accelerators", "datacenters", "power"]),
    )
    out = {"capex_site_usd": usd(cash), "residual_site_usd": usd(residual)}
    if "fabs_built" in pm.variables:
        fabs = _sol(pm, "fabs_built") * inp.fab["capex_busd"]
        fab_life = float(inp.fab["lifetime"])
        out["capex_fabs_usd"] = usd((fabs * ds["fab_cash"]).sum("vintage"))
        out["residual_fabs_usd"] = usd((fabs * _residual_share(years, fab_life)).sum())
    else:
        out["capex_fabs_usd"] = xr.zeros_like(ds["discount"])
        out["residual_fabs_usd"] = xr.DataArray(0.0)
    out["acc_wafers_per_acc"] = ds["acc_wafers_per_acc"]
    return out


COST_PARTS = (
    "accelerators",
    "datacenters",
    "power",
    "grid",
    "carbon",
    "fabs",
    "unserved",
    "unserved_region",
)


def total_pv_usd(data: xr.Dataset) -> float:
    """Present value of all cost parts [USD]: equals the objective."""
    return float(sum((data[f"cost_{p}_usd"] * data["discount"]).sum() for p in COST_PARTS))
