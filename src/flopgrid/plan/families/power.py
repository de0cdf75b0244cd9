"""Power capacity: firm capacity for the peak, and what may be built where."""

from __future__ import annotations

from ...records import Family
from .base import BuildContext, family


@family(
    Family(
        name="firm_capacity",
        kind="limit",
        meaning=(
            "capacity x capacity credit + grid connection x its credit >= peak facility load"
            " x (1 + reserve margin) [GW]"
        ),
        dims=("site", "year"),
        row_unit="GW",
        label="the firm-capacity requirement",
        value_unit="B USD per GW",
        value_per_dual=1.0,
        relief="one GW less of firm capacity to procure",
        place="at {where}",
        size="facility_power_gw",
        fields=(
            "policy.reserve_margin",
            "sites.{site}.build",
            "sites.{site}.grid_import_gw",
            "sites.{site}.conventional_it_gw",
        ),
    )
)
def add_firm_capacity(ctx: BuildContext, record: Family) -> None:
    pw, s, h = ctx.inp.power, ctx.inp.sites, ctx.inp.horizon
    firm = (ctx.expr(ctx.q.power_gw) * pw.capacity_credit).sum("tech")
    lhs = firm - ctx.expr(ctx.q.facility_gw) * (1.0 + ctx.inp.policy.reserve_margin)
    rhs = -(s.grid_import_gw * pw.grid_capacity_credit).broadcast_like(h.discount)
    ctx.add(record, lhs, ">=", rhs)


@family(
    Family(
        name="build_limit",
        kind="limit",
        meaning="power capacity of a technology at a site <= `build_limits_gw` [GW]",
        dims=("site", "tech", "year"),
        row_unit="GW",
        label="the build limit",
        value_unit="B USD per GW",
        value_per_dual=1.0,
        relief="one more GW of {tech} allowed",
        place="at {where}",
        fields=("sites.{site}.build_limits_gw", "sites.{site}.existing.power"),
    )
)
def add_build_limit(ctx: BuildContext, record: Family) -> None:
    pw = ctx.inp.power
    ctx.add(record, ctx.expr(ctx.q.power_gw), "<=", pw.limit_gw.broadcast_like(pw.existing_gw))
