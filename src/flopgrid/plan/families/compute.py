"""Compute: the fleet's IT power and compute defined once, and demand served."""

from __future__ import annotations

from ... import units
from ...records import Family
from .base import BuildContext, family

#: B USD per M h100e -> USD per h100e
USD_PER_H100E = units.usd_from_busd(1.0) / units.from_millions(1.0)


@family(
    Family(
        name="it_power_definition",
        kind="definition",
        meaning="`it_power` = IT power of the accelerators in service (new + existing) [GW]",
        dims=("site", "year"),
        row_unit="GW IT",
        label="the IT power of the fleet",
        value_unit="B USD per GW",
        value_per_dual=1.0,
        relief="one GW less of IT power to supply",
        place="at {where}",
    )
)
def add_it_power_definition(ctx: BuildContext, record: Family) -> None:
    lhs = ctx.var["it_power"] - ctx.expr(ctx.q.ai_it_gw)
    ctx.add(record, lhs, "==", 0.0)


@family(
    Family(
        name="compute_definition",
        kind="definition",
        meaning="`compute` = h100e of the accelerators in service, per tenant [M h100e]",
        dims=("site", "year", "tenant"),
        row_unit="M h100e",
        label="the compute of the fleet",
        value_unit="USD per h100e-year",
        value_per_dual=USD_PER_H100E,
        relief="one h100e-year less to provide",
        place="at {where}",
    )
)
def add_compute_definition(ctx: BuildContext, record: Family) -> None:
    lhs = ctx.var["compute"] - ctx.expr(ctx.q.compute_mh100e)
    ctx.add(record, lhs, "==", 0.0)


@family(
    Family(
        name="compute_demand",
        kind="demand",
        meaning="compute in service + unserved >= demand, per tenant [M h100e]",
        dims=("tenant", "year"),
        row_unit="M h100e",
        label="compute demand",
        value_unit="USD per h100e-year",
        value_per_dual=USD_PER_H100E,
        relief="one h100e-year less of demand",
        place="of {where}",
        fields=("demand.by_year", "tenants.{tenant}.demand"),
    )
)
def add_compute_demand(ctx: BuildContext, record: Family) -> None:
    dem = ctx.inp.demand
    if not dem.world:
        return
    lhs = ctx.var["compute"].sum("site") + ctx.var["unserved"]
    ctx.add(record, lhs, ">=", dem.tenant_mh100e)


@family(
    Family(
        name="region_demand",
        kind="demand",
        meaning="compute in service at a region's sites + unserved >= its demand [M h100e]",
        dims=("region", "year"),
        row_unit="M h100e",
        label="regional compute demand",
        value_unit="USD per h100e-year",
        value_per_dual=USD_PER_H100E,
        relief="one h100e-year less of demand",
        place="in {where}",
        fields=("demand.regions.{region}",),
    )
)
def add_region_demand(ctx: BuildContext, record: Family) -> None:
    dem = ctx.inp.demand
    if not len(dem.regions):
        return
    delivered = ctx.var["compute"].sum("tenant")
    lhs = (delivered * dem.site_in_region).sum("site") + ctx.var["unserved_region"]
    ctx.add(record, lhs, ">=", dem.region_mh100e)
