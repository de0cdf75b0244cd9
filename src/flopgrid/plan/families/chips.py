"""Chips: accelerators made need leading-edge wafers, CoWoS packaging and HBM."""

from __future__ import annotations

from ...records import Family
from .base import BuildContext, family
from .compute import USD_PER_H100E

_SUPPLY = dict(kind="limit", dims=("year",), value_per_dual=USD_PER_H100E, size="rhs")


@family(
    Family(
        name="wafer_supply",
        meaning=(
            "accelerators made / good dies per wafer <= leading-edge wafers for AI + new fabs"
            " in service x wafers per fab [M wafers]"
        ),
        row_unit="M wafers",
        label="the leading-edge wafer limit",
        value_unit="USD per wafer",
        relief="one more leading-edge wafer",
        fields=("supply.wafers_per_year", "supply.new_fab", "supply.new_fabs_allowed"),
        **_SUPPLY,
    )
)
def add_wafer_supply(ctx: BuildContext, record: Family) -> None:
    wafers = ctx.expr(ctx.q.wafers_m)
    fabs = ctx.q.fabs_in_service
    if fabs is not None:
        wafers = wafers - ctx.inp.supply.fabs.wafers_m * ctx.expr(fabs)
    ctx.add(record, wafers, "<=", ctx.inp.supply.wafers_m)


@family(
    Family(
        name="cowos_supply",
        meaning="packaging wafers per accelerator made <= CoWoS wafers [M wafers]",
        row_unit="M CoWoS wafers",
        label="the CoWoS packaging limit",
        value_unit="USD per CoWoS wafer",
        relief="one more CoWoS packaging wafer",
        fields=("supply.cowos_wafers_per_year",),
        **_SUPPLY,
    )
)
def add_cowos_supply(ctx: BuildContext, record: Family) -> None:
    ctx.add(record, ctx.expr(ctx.q.cowos_m), "<=", ctx.inp.supply.cowos_m)


@family(
    Family(
        name="hbm_supply",
        meaning="HBM stacks per accelerator made <= HBM stacks [M stacks]",
        row_unit="M HBM stacks",
        label="the HBM limit",
        value_unit="USD per HBM stack",
        relief="one more HBM stack",
        fields=("supply.hbm_stacks_per_year",),
        **_SUPPLY,
    )
)
def add_hbm_supply(ctx: BuildContext, record: Family) -> None:
    ctx.add(record, ctx.expr(ctx.q.hbm_m), "<=", ctx.inp.supply.hbm_m)
