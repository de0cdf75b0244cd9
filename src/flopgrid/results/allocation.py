"""Who uses the capacity and who pays: costs allocated to tenants, cash flows to members.

Allocation rule (README, "Tenants and consortia"):

- a tenant's own accelerators are its own cost;
- a site's shared costs (data centers, power, grid energy, carbon) are split among the
  tenants at that site by their share of the site's IT power in that year
  (``power_share``, the default) or by their compute there weighted by the marginal value
  of each tenant's compute, the dual of its demand (``marginal``); conventional IT load
  is its own pseudo-tenant; years with no load at a site use the site's horizon shares;
- fabs are split by each tenant's share of the wafers used;
- each tenant carries the penalty of its own unserved compute (reported apart, not cash);
- regional shortfall penalties go to a pseudo-tenant ``regional shortfall``.

The allocations add up to the system total in every year (checked to 1e-6).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import xarray as xr

from .. import units
from .costs import COST_PARTS

SHARED = ("datacenters", "power", "grid", "carbon")
CONVENTIONAL = "conventional load"
REGIONAL = "regional shortfall"


def _normalise(weights: xr.DataArray) -> xr.DataArray:
    """Shares over ``tenant`` per (site, year); fall back to horizon shares, then equal."""
    total = weights.sum("tenant")
    yearly = weights / total.where(total > 0)
    horizon = weights.sum("year")
    horizon = horizon / horizon.sum("tenant").where(horizon.sum("tenant") > 0)
    equal = xr.ones_like(horizon) / weights.sizes["tenant"]
    fallback = horizon.fillna(equal)
    return yearly.fillna(fallback.broadcast_like(yearly))


def site_weights(data: xr.Dataset, rule: str = "power_share") -> xr.DataArray:
    """Weights (site, tenant, year) for splitting a site's shared costs."""
    ai = data["it_power_gw_by_tenant"]
    if rule == "marginal":
        dual = data.get("dual_compute_demand")
        compute = data["delivered_h100e_by_site_tenant"]
        ai = compute * np.abs(dual) if dual is not None else compute
    conventional = (data["it_power_gw"] - data["it_power_gw_by_tenant"].sum("tenant")).clip(min=0)
    if rule == "power_share" and float(conventional.max()) > 1e-9:
        extra = conventional.expand_dims(tenant=[CONVENTIONAL])
        ai = xr.concat([ai, extra], dim="tenant")
    return _normalise(ai.transpose("site", "tenant", "year"))


def allocate(data: xr.Dataset, rule: str = "power_share") -> xr.DataArray:
    """Yearly cost per tenant and part [USD, undiscounted]: dims (tenant, part, year)."""
    shares = site_weights(data, rule)
    tenants = list(shares["tenant"].values)
    parts: dict[str, xr.DataArray] = {}
    own = data["cost_accelerators_usd"].sum("site").reindex(tenant=tenants, fill_value=0.0)
    parts["accelerators"] = own
    for part in SHARED:
        parts[part] = (data[f"cost_{part}_usd"] * shares).sum("site")
    wafers = (data["accelerators_built_by_tenant"] * data["acc_wafers_per_acc"]).sum(
        ["site", "gen"]
    )
    wafer_share = _normalise(
        wafers.expand_dims(site=["all"]).transpose("site", "tenant", "year")
    ).isel(site=0, drop=True)
    parts["fabs"] = (data["cost_fabs_usd"] * wafer_share).reindex(tenant=tenants, fill_value=0.0)
    parts["unserved"] = data["cost_unserved_usd"].reindex(tenant=tenants, fill_value=0.0)
    regional = data["cost_unserved_region_usd"]
    out = xr.concat(
        [parts[p].reindex(tenant=tenants, fill_value=0.0).fillna(0.0) for p in parts],
        dim=xr.Variable("part", list(parts)),
    )
    if float(np.abs(regional).max()) > 0:
        extra = xr.zeros_like(out.isel(tenant=0)).expand_dims(tenant=[REGIONAL]).copy()
        extra.loc[{"part": "unserved"}] = regional.values
        out = xr.concat([out, extra], dim="tenant")
    _check_total(data, out)
    return out.transpose("tenant", "part", "year")


def _check_total(data: xr.Dataset, allocated: xr.DataArray) -> None:
    system = sum(
        data[f"cost_{p}_usd"].sum([d for d in data[f"cost_{p}_usd"].dims if d != "year"])
        for p in COST_PARTS
    )
    got = allocated.sum(["tenant", "part"])
    gap = float(np.abs(got - system).max())
    if gap > 1e-6 * max(1.0, float(np.abs(system).max())):
        raise AssertionError(f"tenant allocation misses the system cost by {gap:.6g} USD")


def by_tenant(data: xr.Dataset, rule: str = "power_share") -> dict:
    """Compute served and levelised cost per tenant (summary.json's ``by_tenant``)."""
    alloc = allocate(data, rule)
    disc = data["discount"]
    out = {}
    for tenant in alloc["tenant"].values:
        name = str(tenant)
        cost = alloc.sel(tenant=tenant)
        cash_cost = cost.drop_sel(part="unserved").sum("part")
        entry: dict[str, Any] = {
            "cost_usd": [float(v) for v in cash_cost.values],
            "cost_pv_usd": float((cash_cost * disc).sum()),
            "unserved_penalty_pv_usd": float((cost.sel(part="unserved") * disc).sum()),
            "cost_pv_by_part_usd": {
                str(p): float((cost.sel(part=p) * disc).sum()) for p in cost["part"].values
            },
        }
        if name in data["tenant"].values:
            served = data["delivered_h100e_by_tenant"].sel(tenant=name)
            demand = data["demand_h100e_by_tenant"].sel(tenant=name)
            used = np.minimum(served, demand) if float(demand.sum()) > 0 else served
            acc = data["accelerators_in_service_by_tenant"].sel(tenant=name).sum("site")
            pv_served = float((used * disc).sum())
            pv_acc_hours = float((acc * disc).sum()) * units.HOURS_PER_YEAR
            entry.update(
                demand_h100e=[float(v) for v in demand.values],
                delivered_h100e=[float(v) for v in served.values],
                unserved_h100e=[
                    float(v) for v in data["unserved_h100e_by_tenant"].sel(tenant=name).values
                ],
                accelerators=[float(v) for v in acc.values],
                usd_per_h100e_year=entry["cost_pv_usd"] / pv_served if pv_served > 0 else None,
                usd_per_accelerator_hour=(
                    entry["cost_pv_usd"] / pv_acc_hours if pv_acc_hours > 0 else None
                ),
            )
        out[name] = entry
    return out
