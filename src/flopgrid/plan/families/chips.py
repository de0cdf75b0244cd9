"""Chips: accelerators made draw logic wafers of their node, CoWoS wafers of their package
and HBM stacks; designers book their share of CoWoS; new generations ramp; new fabs add
wafers to their node."""

from __future__ import annotations

import xarray as xr

from ...records import Family
from .base import BuildContext, family
from .compute import USD_PER_H100E

_POOL = dict(kind="limit", dims=("pool", "year"), value_per_dual=USD_PER_H100E, size="rhs")


def _rows(ctx: BuildContext, kind: str) -> xr.DataArray:
    """(pool, year): pools of ``kind`` with a yearly capacity that some accelerator uses."""
    p = ctx.inp.supply.pools
    used = {
        "logic": p.wafers_per_acc.any(["gen", "year"]),
        "cowos": p.cowos_per_acc.any("gen"),
    }[kind]
    return (p.of_kind(kind) & used & p.capacity_m.notnull()).broadcast_like(p.capacity_m)


@family(
    Family(
        name="wafer_supply",
        meaning=(
            "wafers of a node used by the accelerators made (compute dies / good dies per wafer,"
            " from die area and the yield model) <= the node's AI wafers + new fabs [M wafers]"
        ),
        row_unit="M wafers",
        label="the wafer limit",
        value_unit="USD per wafer",
        relief="one more wafer of the node",
        place="of {where}",
        fields=(
            "supply.pools.{pool}.capacity_per_year",
            "supply.pools.{pool}.ai_share",
            "supply.fabs",
            "supply.new_fabs_allowed",
            "supply.wafers_per_year",
        ),
        **_POOL,
    )
)
def add_wafer_supply(ctx: BuildContext, record: Family) -> None:
    rows = _rows(ctx, "logic")
    if not bool(rows.any()):
        return
    wafers = ctx.expr(ctx.q.wafers_m)
    if ctx.q.fab_wafers_m is not None:
        wafers = wafers - ctx.expr(ctx.q.fab_wafers_m)
    cap = ctx.inp.supply.pools.capacity_m.fillna(0.0)
    ctx.add(record, wafers, "<=", cap, mask=rows)


@family(
    Family(
        name="cowos_supply",
        meaning="CoWoS wafers per accelerator made <= the variant's CoWoS wafers for AI [M wafers]",
        row_unit="M CoWoS wafers",
        label="the CoWoS packaging limit",
        value_unit="USD per CoWoS wafer",
        relief="one more CoWoS wafer",
        place="of {where}",
        fields=(
            "supply.pools.{pool}.capacity_per_year",
            "supply.pools.{pool}.ai_share",
            "supply.cowos_wafers_per_year",
        ),
        **_POOL,
    )
)
def add_cowos_supply(ctx: BuildContext, record: Family) -> None:
    rows = _rows(ctx, "cowos")
    if not bool(rows.any()):
        return
    cap = ctx.inp.supply.pools.capacity_m.fillna(0.0)
    ctx.add(record, ctx.expr(ctx.q.cowos_m), "<=", cap, mask=rows)


@family(
    Family(
        name="hbm_supply",
        meaning="HBM stacks drawn from a vendor in a year <= its stacks for AI [M stacks]",
        row_unit="M HBM stacks",
        label="the HBM limit",
        value_unit="USD per HBM stack",
        relief="one more HBM stack",
        place="of {where}",
        fields=(
            "supply.pools.{pool}.capacity_per_year",
            "supply.pools.{pool}.ai_share",
            "supply.hbm_stacks_per_year",
        ),
        **_POOL,
    )
)
def add_hbm_supply(ctx: BuildContext, record: Family) -> None:
    if "hbm_drawn" not in ctx.var:
        return
    p = ctx.inp.supply.pools
    rows = (p.of_kind("hbm") & p.capacity_m.notnull()).broadcast_like(p.capacity_m)
    drawn = ctx.var.filled("hbm_drawn").sum("hbm_user")
    ctx.add(record, drawn, "<=", p.capacity_m.fillna(0.0), mask=rows)


@family(
    Family(
        name="hbm_stock",
        kind="limit",
        meaning=(
            "HBM stacks drawn from a stockpile up to a year <= the stockpile [M stacks] (it"
            " binds from the year the stockpile runs out)"
        ),
        dims=("pool", "year"),
        row_unit="M HBM stacks",
        label="the HBM stockpile",
        value_unit="USD per HBM stack",
        value_per_dual=USD_PER_H100E,
        relief="one more stack in the stockpile",
        place="of {where}",
        size="rhs",
        fields=("supply.pools.{pool}.stock",),
    )
)
def add_hbm_stock(ctx: BuildContext, record: Family) -> None:
    if "hbm_drawn" not in ctx.var:
        return
    p = ctx.inp.supply.pools
    rows = (p.of_kind("hbm") & p.stock_m.notnull()).broadcast_like(p.capacity_m)
    if not bool(rows.any()):
        return
    drawn = ctx.var.filled("hbm_drawn").sum("hbm_user").cumsum("year")
    stock = p.stock_m.fillna(0.0).broadcast_like(p.capacity_m)
    ctx.add(record, drawn, "<=", stock, mask=rows)


@family(
    Family(
        name="hbm_balance",
        kind="balance",
        meaning=(
            "HBM stacks drawn from the pools that can and may supply an HBM user (export class"
            " and HBM generation) >= stacks its accelerators made need [M stacks]"
        ),
        dims=("hbm_user", "year"),
        row_unit="M HBM stacks",
        label="HBM for its users",
        value_unit="USD per HBM stack",
        value_per_dual=USD_PER_H100E,
        relief="one HBM stack less needed",
        place="for {where}",
        fields=(
            "accelerators.*.hbm_stacks",
            "accelerators.*.hbm_generation",
            "supply.pools.*.hbm_generations",
            "policy.export_rules",
        ),
    )
)
def add_hbm_balance(ctx: BuildContext, record: Family) -> None:
    p = ctx.inp.supply.pools
    if not bool(p.of_kind("hbm").any()):
        return
    need = ctx.expr(ctx.q.hbm_need_m)
    rows = (p.hbm_per_acc * p.gen_user).sum("gen") > 0
    # with no pool that can supply anyone, only users without HBM may build
    drawn = ctx.var.filled("hbm_drawn").sum("pool") if "hbm_drawn" in ctx.var else None
    lhs = -need if drawn is None else drawn - need
    ctx.add(record, lhs, ">=", 0.0, mask=rows.broadcast_like(p.capacity_m.isel(pool=0)))


@family(
    Family(
        name="cowos_booking",
        kind="limit",
        meaning=(
            "CoWoS wafers used by a designer's accelerators <= its booked share of all CoWoS"
            " wafers used that year [M wafers]"
        ),
        dims=("group", "year"),
        row_unit="M CoWoS wafers",
        label="the designer's CoWoS booking",
        value_unit="USD per CoWoS wafer",
        value_per_dual=USD_PER_H100E,
        relief="one more CoWoS wafer booked",
        place="of {where}",
        size="cowos_by_group_m",
        fields=("supply.cowos_booking.{group}",),
    )
)
def add_cowos_booking(ctx: BuildContext, record: Family) -> None:
    sup = ctx.inp.supply
    share = sup.booking_share
    if share.sizes.get("group", 0) == 0 or not bool(share.notnull().any()):
        return
    used = ctx.expr(ctx.q.cowos_by_group)
    total = ctx.expr(ctx.q.cowos_m, ("year",))
    lhs = used - total * share.fillna(0.0)
    ctx.add(record, lhs, "<=", 0.0, mask=share.notnull())


@family(
    Family(
        name="ramp_limit",
        kind="limit",
        meaning=(
            "a generation made in its first year <= `ramp_first_year_share` x its family's"
            " accelerators made that year [M]"
        ),
        dims=("gen", "year"),
        row_unit="M accelerators",
        label="the first-year ramp",
        value_unit="USD per accelerator",
        value_per_dual=USD_PER_H100E,
        relief="one more accelerator of the generation in its first year",
        place="of {where}",
        size="accelerators_made_m",
        fields=("supply.ramp_first_year_share", "accelerators.{gen}.available_from"),
    )
)
def add_ramp_limit(ctx: BuildContext, record: Family) -> None:
    sup = ctx.inp.supply
    if sup.ramp_share is None or not bool(sup.ramp_first.any()):
        return
    made = ctx.expr(ctx.q.made_m)
    family_made = (made.rename(gen="gen2") * sup.family_member).sum("gen2")
    ctx.add(record, made - family_made * sup.ramp_share, "<=", 0.0, mask=sup.ramp_first)


@family(
    Family(
        name="fab_build_limit",
        kind="limit",
        meaning="new fabs of all kinds entering service in a year <= `max_new_fabs_per_year`",
        dims=("year",),
        row_unit="fabs",
        label="the pace of fab building",
        value_unit="B USD per fab",
        value_per_dual=1.0,
        relief="one more fab that year",
        size="rhs",
        fields=("supply.max_new_fabs_per_year",),
    )
)
def add_fab_build_limit(ctx: BuildContext, record: Family) -> None:
    fabs = ctx.inp.supply.fabs
    if "fabs_built" not in ctx.var or fabs.max_per_year is None:
        return
    built = ctx.var.filled("fabs_built").sum("fab").rename({"vintage": "year"})
    rhs = xr.full_like(ctx.inp.horizon.discount, float(fabs.max_per_year))
    mask = fabs.buildable.any("fab").rename(vintage="year")
    ctx.add(record, built, "<=", rhs, mask=mask)


@family(
    Family(
        name="fleet_alive",
        kind="definition",
        meaning=(
            "accelerators in service <= those alive (built and existing, within their life)"
            " [M]: the rest are retired early"
        ),
        dims=("site", "gen", "year", "tenant"),
        row_unit="M accelerators",
        label="early retirement",
        value_unit="USD per accelerator",
        value_per_dual=USD_PER_H100E,
        relief="one more accelerator alive",
        place="at {where}",
        fields=("accelerators.{gen}.early_retirement", "sites.{site}.existing.accelerators"),
    )
)
def add_fleet_alive(ctx: BuildContext, record: Family) -> None:
    if "accelerators_in_service" not in ctx.var:
        return
    mask = ctx.var["accelerators_in_service"].labels >= 0
    fleet = ctx.var.filled("accelerators_in_service")
    ctx.add(record, fleet - ctx.expr(ctx.q.alive_m), "<=", 0.0, mask=mask)


@family(
    Family(
        name="fleet_no_return",
        kind="definition",
        meaning="accelerators in service <= those in service the year before + those built [M]",
        dims=("site", "gen", "year", "tenant"),
        row_unit="M accelerators",
        label="early retirement",
        value_unit="USD per accelerator",
        value_per_dual=USD_PER_H100E,
        relief="one more accelerator back in service",
        place="at {where}",
        fields=("accelerators.{gen}.early_retirement",),
    )
)
def add_fleet_no_return(ctx: BuildContext, record: Family) -> None:
    if "accelerators_in_service" not in ctx.var:
        return
    mask = ctx.var["accelerators_in_service"].labels >= 0
    fleet = ctx.var.filled("accelerators_in_service")
    before = fleet.shift(year=1).fillna(0)
    built = ctx.var.filled("accelerators_built").rename({"vintage": "year"})
    h = ctx.inp.horizon
    later = xr.DataArray(h.years.values > h.start, dims="year", coords={"year": h.years})
    ctx.add(record, fleet - before - built, "<=", 0.0, mask=mask & later)


@family(
    Family(
        name="fleet_new",
        kind="definition",
        meaning=(
            "accelerators in service >= those built that year (a new one serves its first year) [M]"
        ),
        dims=("site", "gen", "year", "tenant"),
        row_unit="M accelerators",
        label="early retirement",
        value_unit="USD per accelerator",
        value_per_dual=USD_PER_H100E,
        relief="one more new accelerator that may stand idle",
        place="at {where}",
        fields=("accelerators.{gen}.early_retirement",),
    )
)
def add_fleet_new(ctx: BuildContext, record: Family) -> None:
    if "accelerators_in_service" not in ctx.var:
        return
    mask = ctx.var["accelerators_in_service"].labels >= 0
    fleet = ctx.var.filled("accelerators_in_service")
    built = ctx.var.filled("accelerators_built").rename({"vintage": "year"})
    ctx.add(record, fleet - built, ">=", 0.0, mask=mask)
