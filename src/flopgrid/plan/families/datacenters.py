"""Data centers: IT power needs data-center capacity, within the campus cap and its land."""

from __future__ import annotations

from ...records import Family
from .base import BuildContext, family


@family(
    Family(
        name="datacenter_capacity",
        kind="balance",
        meaning="IT power in service (AI + conventional) <= data-center capacity [GW IT]",
        dims=("site", "year"),
        row_unit="GW IT",
        label="data-center capacity",
        value_unit="B USD per GW",
        value_per_dual=1.0,
        relief="one more GW of data-center capacity in service",
        place="at {where}",
        size="it_power_gw",
        fields=(
            "sites.{site}.existing.it_gw",
            "sites.{site}.existing.accelerators",
            "sites.{site}.conventional_it_gw",
        ),
    )
)
def add_datacenter_capacity(ctx: BuildContext, record: Family) -> None:
    lhs = ctx.expr(ctx.q.it_gw) - ctx.expr(ctx.q.datacenter_gw)
    ctx.add(record, lhs, "<=", 0.0)


@family(
    Family(
        name="site_cap",
        kind="limit",
        meaning="data-center capacity x PUE <= `max_facility_gw` [GW]",
        dims=("site", "year"),
        row_unit="GW facility",
        label="the campus cap",
        value_unit="B USD per GW",
        value_per_dual=1.0,
        relief="one more GW of facility power allowed",
        place="at {where}",
        fields=(
            "sites.{site}.max_facility_gw",
            "sites.{site}.existing.it_gw",
            "sites.{site}.conventional_it_gw",
        ),
    )
)
def add_site_cap(ctx: BuildContext, record: Family) -> None:
    dc = ctx.inp.datacenters
    lhs = ctx.expr(ctx.q.datacenter_gw) * dc.pue
    ctx.add(
        record, lhs, "<=", ctx.inp.sites.max_facility_gw.broadcast_like(ctx.inp.horizon.discount)
    )


@family(
    Family(
        name="land",
        kind="limit",
        meaning="land of data centers and on-site power plants <= `land_km2` [km2]",
        dims=("site", "year"),
        row_unit="km2",
        label="the land limit",
        value_unit="M USD per km2",
        value_per_dual=1e3,
        relief="one more km2 of land",
        place="at {where}",
        fields=("sites.{site}.land_km2",),
    )
)
def add_land(ctx: BuildContext, record: Family) -> None:
    rhs = ctx.inp.sites.land_km2.broadcast_like(ctx.inp.horizon.discount)
    ctx.add(record, ctx.expr(ctx.q.land_km2), "<=", rhs)
