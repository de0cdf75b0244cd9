"""Power capacity: firm capacity for the peak, what may be built where, how much a plant may
run, the grid connection a site may build, and what manufacturers can deliver each year."""

from __future__ import annotations

import numpy as np

from ... import units
from ...records import Family
from .base import BuildContext, family
from .energy import grid_in_service


@family(
    Family(
        name="firm_capacity",
        kind="limit",
        meaning=(
            "yearly: capacity x capacity credit + grid connection in service x its credit >="
            " peak facility load x (1 + reserve margin); time slices: in every slice, capacity"
            " x its availability there + storage power + grid connection in service x its"
            " credit >= the slice's load x (1 + reserve margin) [GW]"
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
            "sites.{site}.interconnection_lead_years",
            "sites.{site}.conventional_it_gw",
        ),
    )
)
def add_firm_capacity(ctx: BuildContext, record: Family) -> None:
    """The reserve above the load. With time slices the credits (a yearly model's stand-in
    for what a plant gives in the scarce hours) give way to each plant's availability in
    each slice: the slices meet the load hour by hour, and this keeps a margin above it."""
    pw, sl = ctx.inp.power, ctx.inp.slices
    margin = 1.0 + ctx.inp.policy.reserve_margin
    grid = grid_in_service(ctx) * pw.grid_capacity_credit
    if not sl.sliced:
        firm = (ctx.expr(ctx.q.power_gw) * pw.capacity_credit).sum("tech")
        lhs = firm + grid - ctx.expr(ctx.q.facility_gw) * margin
        ctx.add(record, lhs, ">=", 0.0)
        return
    per_gw = (sl.availability / units.twh_per_gw_year()).where(pw.generates, 1.0)
    available = (ctx.var.filled("power_capacity") * per_gw).sum("tech")
    load_gw = ctx.expr(ctx.q.load_twh) * (margin / units.twh_per_gw_year())
    ctx.add(record, available + grid - load_gw, ">=", 0.0)


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


@family(
    Family(
        name="max_capacity_factor",
        kind="limit",
        meaning="generation <= capacity x `max_capacity_factor` x 8760 h (a permit, not "
        "availability: peakers are not baseload) [TWh]",
        dims=("site", "tech", "year"),
        row_unit="TWh",
        label="the maximum capacity factor",
        value_unit="USD per MWh",
        value_per_dual=1e3,
        relief="one more MWh a year allowed from {tech}",
        place="at {where}",
        size="generation_twh",
        fields=("power.{tech}.max_capacity_factor",),
    )
)
def add_max_capacity_factor(ctx: BuildContext, record: Family) -> None:
    pw = ctx.inp.power
    capped = np.isfinite(pw.max_capacity_factor) & pw.generates
    present = pw.buildable.any("vintage") | (pw.existing_gw > 0).any("year")
    # np.isfinite of a DataArray is a DataArray; numpy's stubs do not know __array_ufunc__
    mask = (capped & present).broadcast_like(pw.existing_gw)  # type: ignore[attr-defined]
    if not bool(mask.any()):
        return
    cap = pw.max_capacity_factor.where(capped, 1.0) * units.twh_per_gw_year()
    lhs = ctx.expr(ctx.q.generation_twh) - ctx.expr(ctx.q.power_gw) * cap
    ctx.add(record, lhs, "<=", 0.0, mask=mask)


@family(
    Family(
        name="grid_connection_cap",
        kind="limit",
        meaning="grid connection in service (existing + built once the interconnection queue "
        "allows) <= `grid_import_gw` [GW]",
        dims=("site", "year"),
        row_unit="GW",
        label="the grid connection",
        value_unit="B USD per GW",
        value_per_dual=1.0,
        relief="one more GW of grid connection allowed",
        place="at {where}",
        fields=("sites.{site}.grid_import_gw", "sites.{site}.existing.grid_import_gw"),
    )
)
def add_grid_connection_cap(ctx: BuildContext, record: Family) -> None:
    g, h = ctx.inp.grid, ctx.inp.horizon
    mask = g.buildable.any("vintage").broadcast_like(h.discount)
    if not bool(mask.any()):
        return
    rhs = g.limit_gw.broadcast_like(h.discount)
    ctx.add(record, ctx.expr(ctx.q.grid_connection_gw), "<=", rhs, mask=mask)


@family(
    Family(
        name="gas_turbine_supply",
        kind="limit",
        meaning="gas turbines in the plants entering service in a year <= what manufacturers "
        "deliver, `power_supply.gas_turbine_gw_per_year` [GW]",
        dims=("year",),
        row_unit="GW",
        label="the gas-turbine supply",
        value_unit="B USD per GW",
        value_per_dual=1.0,
        relief="one more GW of gas turbines delivered",
        fields=("power_supply.gas_turbine_gw_per_year", "power.*.gas_turbine_gw_per_gw"),
    )
)
def add_gas_turbine_supply(ctx: BuildContext, record: Family) -> None:
    pw = ctx.inp.power
    uses = (pw.buildable.any("vintage") & (pw.gas_turbine_gw_per_gw > 0)).any()
    if not bool(uses) or not bool(np.isfinite(pw.gas_turbine_supply_gw).any()):
        return
    ctx.add(record, ctx.expr(ctx.q.gas_turbines_gw), "<=", pw.gas_turbine_supply_gw)


@family(
    Family(
        name="transformer_supply",
        kind="limit",
        meaning="new generators and grid connections entering service in a year (each needs "
        "large transformers) <= `power_supply.transformer_gw_per_year` [GW]",
        dims=("year",),
        row_unit="GW",
        label="the transformer supply",
        value_unit="B USD per GW",
        value_per_dual=1.0,
        relief="one more GW of transformers delivered",
        fields=("power_supply.transformer_gw_per_year",),
    )
)
def add_transformer_supply(ctx: BuildContext, record: Family) -> None:
    pw, g = ctx.inp.power, ctx.inp.grid
    uses = bool((pw.buildable.any("vintage") & pw.generates).any()) or bool(g.buildable.any())
    if not uses or not bool(np.isfinite(pw.transformer_supply_gw).any()):
        return
    ctx.add(record, ctx.expr(ctx.q.transformers_gw), "<=", pw.transformer_supply_gw)
