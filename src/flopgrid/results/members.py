"""Consortium members' cash flows, NPV, IRR and payback.

Rules (README, "Tenants and consortia"):

- a member owns ``shares[SITE]`` of the data centers, power and accelerators at a site
  when it names the site, else ``shares[CLASS]`` of that asset class there; fabs follow
  ``shares["fabs"]``; what no member owns is reported as ``unallocated``;
- its cash flow in a year is its share of: revenue - cash capex - operating cost, plus,
  in the horizon's last year, the undepreciated (straight-line) value of the assets
  still in service (so a plan cut off by the horizon is not scored as a loss);
- revenue is the offtake price ``finance.lease_usd_per_h100e_year`` x compute served to
  tenants (at most their demand), split among asset classes and sites in proportion to
  their share of that year's cost (annuities and operating cost);
- NPV is at ``finance.cost_of_capital.default`` (or the scenario's discount rate), IRR
  from numpy-financial, payback the first year the cumulative cash flow turns
  non-negative after it was negative.
"""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import xarray as xr

UNALLOCATED = "unallocated"
_SITE_CLASSES = ("accelerators", "datacenters", "power")


def _share(shares: dict, cls: str, site: str | None) -> float:
    if site is not None and site in shares:
        return shares[site]
    return shares.get(cls, 0.0)


def _class_flows(data: xr.Dataset, lease_usd: float | None) -> dict[str, xr.DataArray]:
    """Cash flow parts per (site_asset, site, year) and for fabs per year [USD]."""
    years = data["year"]
    opex = xr.concat(
        [
            xr.zeros_like(data["cost_datacenters_usd"]),
            data["cost_datacenters_usd"] - data["datacenter_annuity_usd"],
            data["cost_power_usd"]
            - data["power_annuity_usd"]
            + data["cost_grid_usd"]
            + data["cost_carbon_usd"],
        ],
        dim=xr.Variable("site_asset", list(_SITE_CLASSES)),
    )
    annual = xr.concat(
        [
            data["cost_accelerators_usd"].sum("tenant"),
            data["cost_datacenters_usd"],
            data["cost_power_usd"] + data["cost_grid_usd"] + data["cost_carbon_usd"],
        ],
        dim=xr.Variable("site_asset", list(_SITE_CLASSES)),
    )
    fab_annual = data["cost_fabs_usd"]
    revenue_total = xr.zeros_like(years, dtype=float)
    if lease_usd:
        served = data["delivered_h100e_by_tenant"]
        demand = data["demand_h100e_by_tenant"]
        used = xr.where(demand.sum("year") > 0, np.minimum(served, demand), served)
        revenue_total = used.sum("tenant") * lease_usd
    total_cost = annual.sum(["site_asset", "site"]) + fab_annual
    weight = annual / total_cost.where(total_cost > 0)
    revenue = (weight * revenue_total).fillna(0.0)
    fab_revenue = (fab_annual / total_cost.where(total_cost > 0) * revenue_total).fillna(0.0)
    last = years == years[-1]
    residual = data["residual_site_usd"] * last
    fab_residual = data["residual_fabs_usd"] * last
    return {
        "capex": data["capex_site_usd"],
        "opex": opex,
        "revenue": revenue,
        "residual": residual,
        "fab_capex": data["capex_fabs_usd"],
        "fab_opex": data["cost_fabs_usd"] - data["fab_annuity_usd"],
        "fab_revenue": fab_revenue,
        "fab_residual": fab_residual,
    }


def by_member(data: xr.Dataset, finance: dict, rate: float) -> dict:
    """summary.json's ``by_member``: yearly cash flows and NPV, IRR, payback per member."""
    members = finance.get("members") or {}
    if not members:
        return {}
    flows = _class_flows(data, finance.get("lease_usd_per_h100e_year"))
    sites = [str(s) for s in data["site"].values]
    share_grid = {}
    for name, m in members.items():
        grid = np.array([[_share(m["shares"], cls, s) for s in sites] for cls in _SITE_CLASSES])
        share_grid[name] = (grid, m["shares"].get("fabs", 0.0))
    owned = np.asarray(sum(g for g, _ in share_grid.values()))  # members is not empty
    fab_owned = sum(f for _, f in share_grid.values())
    if np.any(owned < 1 - 1e-9) or fab_owned < 1 - 1e-9:
        share_grid[UNALLOCATED] = (1 - owned, 1 - fab_owned)
    years = [int(y) for y in data["year"].values]
    kinds = ("capex", "opex", "revenue", "residual")
    # every flow as numpy once: (site_asset, site, year) for sites, (year,) for fabs
    site_flows = {
        k: flows[k]
        .transpose("site_asset", "site", "year")
        .sel(site_asset=list(_SITE_CLASSES), site=sites, year=data["year"])
        .values
        for k in kinds
    }
    fab_flows = {k: flows[f"fab_{k}"].sel(year=data["year"]).values for k in kinds}
    out: dict[str, dict] = {}
    for name, (grid, fab_share) in share_grid.items():
        w = np.asarray(grid, dtype=float)[:, :, None]
        part = {k: (site_flows[k] * w).sum(axis=(0, 1)) for k in kinds}
        by_class = (site_flows["capex"] * w).sum(axis=(1, 2))
        capex_by_class = {c: float(by_class[i]) for i, c in enumerate(_SITE_CLASSES)}
        capex_by_class["fabs"] = float(fab_share * fab_flows["capex"].sum())
        for k in kinds:
            part[k] = part[k] + fab_share * fab_flows[k]
        cash = part["revenue"] + part["residual"] - part["capex"] - part["opex"]
        values = [float(v) for v in cash]
        if name == UNALLOCATED and not any(
            float(np.abs(part[k]).max()) > 1e-6 for k in ("capex", "opex", "revenue", "residual")
        ):
            continue  # what no member owns has no flows (no fabs built, say): nothing to show
        out[name] = {
            "capex_usd": [float(v) for v in part["capex"]],
            "capex_by_class_usd": capex_by_class,
            "opex_usd": [float(v) for v in part["opex"]],
            "revenue_usd": [float(v) for v in part["revenue"]],
            "residual_usd": [float(v) for v in part["residual"]],
            "cash_flow_usd": values,
            "npv_usd": float(npf.npv(rate, values)),
            "npv_rate": float(rate),
            "irr": _irr(values),
            "payback_year": _payback(values, years),
        }
    return out


def _irr(values: list[float]) -> float | None:
    if irr_undefined(values):
        return None
    irr = npf.irr(values)
    return None if irr is None or not np.isfinite(irr) else float(irr)


def irr_undefined(values: list[float]) -> str:
    """Why the signs of cash flows ``values`` rule out an IRR ('no negative cash flow':
    never an outlay to earn a return on), or '' when they allow one."""
    negative, positive = any(v < 0 for v in values), any(v > 0 for v in values)
    if not negative:
        return "no negative cash flow" if positive else "no cash flow"
    return "" if positive else "no positive cash flow"


def irr_text(member: dict) -> str:
    """A member's IRR as the CLI and the report print it ('123.7%'), or why it has none
    ('n/a (no negative cash flow)'), read from its cash flows: with flows of both signs and
    no IRR, no rate sets their NPV to zero."""
    if member["irr"] is not None:
        return f"{member['irr']:.1%}"
    why = irr_undefined(member.get("cash_flow_usd", [])) or "no rate sets NPV to zero"
    return f"n/a ({why})"


def payback_text(member: dict, last_year: int | None = None) -> str:
    """A member's payback year as the CLI prints it, or why there is none: its cumulative
    cash flow never fell below zero (nothing to pay back), or it has not turned positive
    again by the horizon's last year."""
    if member.get("payback_year") is not None:
        return str(member["payback_year"])
    total, low = 0.0, 0.0
    for value in member.get("cash_flow_usd") or []:
        total += value
        low = min(low, total)
    if low >= 0:
        return "n/a (never negative)"
    return f"after {last_year}" if last_year is not None else "not within the horizon"


def _payback(values: list[float], years: list[int]) -> int | None:
    total, was_negative = 0.0, False
    for v, y in zip(values, years, strict=True):
        total += v
        was_negative |= total < 0
        if was_negative and total >= 0:
            return y
    return None
