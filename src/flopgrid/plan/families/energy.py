"""Energy: each site's load met in every time slice from its plants, its storage and the
grid, within what its capacity and its grid connection can deliver in that slice.

Rows are rates in TWh per year (a slice's mean power x 8760 h; see
:mod:`flopgrid.plan.inputs.slices`), so a family's duals summed over the slices are its
value per TWh of the year, and with one yearly slice the rows are today's yearly rows.
"""

from __future__ import annotations

from typing import Any

from ... import units
from ...records import Family
from .base import BuildContext, family

#: what the two capacity-in-service definitions share (GW rows, duals in B USD per GW)
_IN_SERVICE: dict[str, Any] = dict(
    kind="definition",
    row_unit="GW",
    value_unit="B USD per GW",
    value_per_dual=1.0,
    place="at {where}",
)


@family(
    Family(
        name="power_capacity_definition",
        meaning="`power_capacity` = power capacity in service (new + existing), read by every"
        " slice's rows (time slices only) [GW]",
        dims=("site", "tech", "year"),
        label="the power capacity in service",
        relief="one GW less of {tech} to hold",
        **_IN_SERVICE,
    )
)
def add_power_capacity_definition(ctx: BuildContext, record: Family) -> None:
    _define_in_service(ctx, record, "power_capacity", ctx.q.power_gw)


def _define_in_service(ctx: BuildContext, record: Family, name: str, quantity: Any) -> None:
    """``name`` (a variable only time slices have) = ``quantity``, the vintages in service
    summed once per site-year, so each slice's rows read one variable."""
    if name not in ctx.var:
        return
    lhs = ctx.var.filled(name) - ctx.expr(quantity)
    ctx.add(record, lhs, "==", 0.0, mask=ctx.var[name].labels != -1)


@family(
    Family(
        name="grid_capacity_definition",
        meaning="`grid_capacity` = the grid connection in service (existing + built), read by"
        " every slice's rows (time slices only) [GW]",
        dims=("site", "year"),
        label="the grid connection in service",
        relief="one GW less of grid connection to hold",
        **_IN_SERVICE,
    )
)
def add_grid_capacity_definition(ctx: BuildContext, record: Family) -> None:
    _define_in_service(ctx, record, "grid_capacity", ctx.q.grid_connection_gw)


def grid_in_service(ctx: BuildContext) -> Any:
    """The grid connection in service [GW] as the slice rows read it: one variable per
    site-year with time slices, the sum of its vintages in the yearly model."""
    if "grid_capacity" in ctx.var:
        return ctx.var.filled("grid_capacity")
    return ctx.expr(ctx.q.grid_connection_gw)


@family(
    Family(
        name="energy_balance",
        kind="balance",
        meaning="generation + grid import + storage discharge - charge = facility load in"
        " every time slice, as in the dispatch (yearly: >=) (pinned: IT power x PUE x load"
        " factor; flexible: as placed) [TWh/yr]",
        dims=("site", "year", "slice"),
        row_unit="TWh",
        label="energy",
        value_unit="USD per MWh",
        value_per_dual=1e3,
        relief="one MWh less of energy to supply",
        place="at {where}",
        size="energy_twh",
        fields=(
            "sites.{site}.grid_import_gw",
            "sites.{site}.build",
            "sites.{site}.existing.power",
            "sites.{site}.conventional_it_gw",
        ),
    )
)
def add_energy_balance(ctx: BuildContext, record: Family) -> None:
    supply = ctx.var.filled("generation").sum("tech") + ctx.var.filled("grid_import")
    if "discharge" in ctx.var:
        storage = ctx.var.filled("discharge") - ctx.var.filled("charge")
        supply = supply + storage.sum("tech")
    # an equality in the slices, as in the dispatch: a negative grid price buys no more
    # than the load (surplus generation is curtailed, generation <= availability)
    sense = "==" if ctx.inp.slices.sliced else ">="
    ctx.add(record, supply - ctx.expr(ctx.q.load_twh), sense, 0.0)


@family(
    Family(
        name="generation_limit",
        kind="balance",
        meaning="generation <= capacity x availability in the slice x 8760 h (yearly: the"
        " annual capacity factor) [TWh/yr]",
        dims=("site", "tech", "year", "slice"),
        row_unit="TWh",
        label="generating capacity",
        value_unit="USD per MWh",
        value_per_dual=1e3,
        relief="one more MWh of {tech} available",
        place="at {where}",
        size="generation_twh",
        fields=("sites.{site}.capacity_factors",),
    )
)
def add_generation_limit(ctx: BuildContext, record: Family) -> None:
    pw, sl = ctx.inp.power, ctx.inp.slices
    mask = pw.generates.broadcast_like(pw.existing_gw)
    capacity: Any
    if sl.sliced:  # one capacity variable per site-year, not its vintages in every slice
        capacity = ctx.var.filled("power_capacity")
        mask = mask & (sl.availability > 0)
    else:
        capacity = ctx.expr(ctx.q.power_gw)
    lhs = ctx.var.filled("generation") - capacity * sl.availability
    ctx.add(record, lhs, "<=", 0.0, mask=mask)


@family(
    Family(
        name="grid_import_limit",
        kind="balance",
        meaning="grid import <= the site's grid connection in service x 8760 h, in every time"
        " slice [TWh/yr]",
        dims=("site", "year", "slice"),
        row_unit="TWh",
        label="the grid connection in service",
        value_unit="B USD per GW",
        value_per_dual=units.twh_per_gw_year(),
        relief="one more GW of grid connection in service",
        place="at {where}",
        fields=("sites.{site}.grid_import_gw", "sites.{site}.interconnection_lead_years"),
    )
)
def add_grid_import_limit(ctx: BuildContext, record: Family) -> None:
    s, sl = ctx.inp.sites, ctx.inp.slices
    # the connection itself (built after the interconnection queue, up to grid_import_gw) is
    # a decision of the power families (grid_connection_cap)
    lhs = ctx.var.filled("grid_import") - grid_in_service(ctx) * units.twh_per_gw_year()
    mask = (s.grid_import_gw > 0).broadcast_like(ctx.inp.horizon.discount)
    ctx.add(record, lhs, "<=", 0.0, mask=mask.broadcast_like(sl.share))
