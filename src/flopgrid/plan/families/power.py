"""Power capacity: firm capacity for the peak, and what may be built where."""

from __future__ import annotations

from ... import units
from ...records import Family
from .base import BuildContext, family


@family(
    Family(
        name="firm_capacity",
        kind="limit",
        meaning=(
            "yearly: capacity x capacity credit + grid connection x its credit >= peak facility"
            " load x (1 + reserve margin); time slices: in every slice, capacity x its"
            " availability there + storage power + grid connection x its credit >= the"
            " slice's load x (1 + reserve margin) [GW]"
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
    """The reserve above the load. With time slices the credits (a yearly model's stand-in
    for what a plant gives in the scarce hours) give way to each plant's availability in
    each slice: the slices meet the load hour by hour, and this keeps a margin above it."""
    pw, s, h, sl = ctx.inp.power, ctx.inp.sites, ctx.inp.horizon, ctx.inp.slices
    margin = 1.0 + ctx.inp.policy.reserve_margin
    grid = (s.grid_import_gw * pw.grid_capacity_credit).broadcast_like(h.discount)
    if not sl.sliced:
        firm = (ctx.expr(ctx.q.power_gw) * pw.capacity_credit).sum("tech")
        lhs = firm - ctx.expr(ctx.q.facility_gw) * margin
        ctx.add(record, lhs, ">=", -grid)
        return
    per_gw = (sl.availability / units.twh_per_gw_year()).where(pw.generates, 1.0)
    available = (ctx.var.filled("power_capacity") * per_gw).sum("tech")
    load_gw = ctx.expr(ctx.q.load_twh) * (margin / units.twh_per_gw_year())
    ctx.add(record, available - load_gw, ">=", -grid.broadcast_like(sl.share))


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
