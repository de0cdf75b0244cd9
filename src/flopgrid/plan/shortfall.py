"""Why compute goes unserved where no dual can say: nothing can be in service yet.

A dual prices a limit that binds. Some shortfalls have no such limit: no accelerator a
tenant may use is on sale yet, data centers or power plants cannot be ready before their
lead time has passed. Those are masks on the variables, not rows, so they are found here
from the inputs: for each tenant (or region) and year with unserved compute, the first
reason that makes *any* service impossible.
"""

from __future__ import annotations

from typing import Any

import xarray as xr

from .. import units
from ..records import Family, bottleneck
from .build import PlanModel

_TOL_MH100E = 5e-7  # half an h100e

#: what every shortfall record shares: rows per demand and year in M h100e, valued as is
_SHORTFALL: dict[str, Any] = dict(
    kind="shortfall", dims=("who", "year"), row_unit="M h100e", value_per_dual=1.0
)

SHORTFALL_RECORDS = {
    "availability": Family(
        name="availability",
        meaning="no accelerator the demand may use can be bought before a year",
        **_SHORTFALL,
        label="accelerator availability",
        value_unit="h100e unserved",
        relief="an accelerator it may use on sale earlier",
        place="for {where}",
        fields=("accelerators.*.available_from", "tenants.{tenant}.accelerators"),
    ),
    "datacenter_lead_time": Family(
        name="datacenter_lead_time",
        meaning="no data-center capacity can be in service before its lead time has passed",
        **_SHORTFALL,
        label="the data-center lead time",
        value_unit="h100e unserved",
        relief="data centers built faster",
        place="for {where}",
        fields=("datacenter.lead_years", "sites.{site}.existing.it_gw"),
    ),
    "power_lead_time": Family(
        name="power_lead_time",
        meaning=(
            "no power can reach the sites before plants' lead times and the interconnection "
            "queue have passed"
        ),
        **_SHORTFALL,
        label="the power lead time",
        value_unit="h100e unserved",
        relief="power available sooner",
        place="for {where}",
        fields=(
            "sites.{site}.grid_import_gw",
            "sites.{site}.interconnection_lead_years",
            "sites.{site}.build",
            "power.*.lead_years",
        ),
    ),
    "unserved_value": Family(
        name="unserved_value",
        meaning="serving the demand would cost more than its value (the unserved penalty)",
        **_SHORTFALL,
        label="the value of compute",
        value_unit="USD per h100e-year",
        relief="a higher value placed on compute",
        place="of {where}",
        fields=(
            "demand.unserved_penalty_usd_per_h100e_year",
            "tenants.{tenant}.value_usd_per_h100e_year",
        ),
    ),
}


def _serviceable(pm: PlanModel) -> dict[str, xr.DataArray]:
    """(site, gen, year) masks: an accelerator can be in service / DC / power by then."""
    inp = pm.inputs
    acc, dc, pw = inp.accelerators, inp.datacenters, inp.power
    bought = (acc.available.rename(year="vintage") & acc.allowed).astype(float)
    # an accelerator of vintage v serves in year y if in_service[g, v, y]
    acc_possible = xr.dot(bought, acc.in_service, dim="vintage") > 0  # site, gen, year
    acc_possible = acc_possible | (acc.existing_m > 0)
    dc_possible = xr.dot(dc.buildable.astype(float), dc.in_service, dim="vintage") > 0
    dc_possible = dc_possible | (dc.existing_gw > 0)
    # storage only shifts energy a generator or the grid supplies: it powers nothing alone
    gen = pw.generates
    pw_possible = (
        xr.dot((pw.buildable & gen).astype(float), pw.in_service, dim="vintage").sum("tech") > 0
    )
    g = inp.grid
    grid_possible = xr.dot(g.buildable.astype(float), g.in_service, dim="vintage") > 0
    pw_possible = pw_possible | ((pw.existing_gw > 0) & gen).any("tech") | grid_possible
    pw_possible = pw_possible | (g.existing_gw > 0)
    return {"acc": acc_possible, "dc": dc_possible, "power": pw_possible}


def _first_year(mask: xr.DataArray) -> int | None:
    years = mask["year"].values[mask.values]
    return int(years[0]) if len(years) else None


def explain_shortfalls(pm: PlanModel, solution: dict[str, xr.DataArray]) -> list[dict]:
    """Bottleneck-shaped entries for unserved compute that a lead time or availability
    explains: ``{constraint, where, year, years, value, unit, rent_usd, explanation}``."""
    inp = pm.inputs
    dem, h = inp.demand, inp.horizon
    possible = _serviceable(pm)
    whos: list[tuple[str, xr.DataArray, xr.DataArray, float | xr.DataArray]] = []
    if dem.world and "unserved" in solution:
        use = dem.tenant_may_use
        for t in dem.tenants:
            whos.append(
                (
                    str(t),
                    use.sel(tenant=t, drop=True),
                    solution["unserved"].sel(tenant=t, drop=True),
                    float(dem.tenant_penalty_busd_per_mh100e.sel(tenant=t)),
                )
            )
    if len(dem.regions) and "unserved_region" in solution:
        for r in dem.regions:
            member = dem.site_in_region.sel(region=r, drop=True) > 0
            use = member & xr.ones_like(inp.accelerators.allowed.any("vintage"), dtype=bool)
            whos.append(
                (
                    str(r),
                    use,
                    solution["unserved_region"].sel(region=r, drop=True),
                    dem.region_penalty_busd_per_mh100e,
                )
            )
    entries = []
    for who, may_use, unserved, penalty in whos:
        acc_ok = (possible["acc"] & may_use).any(["site", "gen"])
        sites = may_use.any("gen")
        dc_ok = (possible["dc"] & sites).any("site")
        pw_ok = (possible["power"] & sites).any("site")
        reasons = xr.where(~acc_ok, 1, xr.where(~dc_ok, 2, xr.where(~pw_ok, 3, 0)))
        keys = {1: "availability", 2: "datacenter_lead_time", 3: "power_lead_time"}
        short = unserved > _TOL_MH100E
        for code, key in keys.items():
            hit = short & (reasons == code)
            years = [int(y) for y in h.years.values[hit.values]]
            if not years:
                continue
            first_ok = {
                1: _first_year(acc_ok),
                2: _first_year(dc_ok),
                3: _first_year(pw_ok),
            }[code]
            for span in _spans(years):
                amounts = unserved.sel(year=span)
                rents = units.usd_from_busd(amounts * penalty * h.discount.sel(year=span))
                entries.append(_entry(key, who, span, float(amounts.max()), rents, first_ok))
    return entries


def _spans(years: list[int]) -> list[list[int]]:
    spans: list[list[int]] = []
    for y in years:
        if spans and y == spans[-1][-1] + 1:
            spans[-1].append(y)
        else:
            spans.append([y])
    return spans


def _entry(
    key: str, who: str, span: list[int], peak_m: float, rents: xr.DataArray, first_ok
) -> dict:
    when = f"in {span[0]}" if len(span) == 1 else f"from {span[0]} to {span[-1]}"
    ready = (
        f"; the first year it can is {first_ok}" if first_ok else "; it cannot within the horizon"
    )
    what = {
        "availability": "no accelerator it may use can be bought and in service",
        "datacenter_lead_time": "no data-center capacity can be built in time (lead time)",
        "power_lead_time": "no power can reach its sites in time (plants' lead times, no grid)",
    }[key]
    peak = units.from_millions(peak_m)
    return bottleneck(
        key,
        who,
        span,
        peak,
        "h100e unserved",
        [float(v) for v in rents.values],
        f"compute of {who} goes unserved {when} (up to {peak:,.0f} h100e): {what}{ready}",
    )
