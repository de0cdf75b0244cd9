"""Energy: each site's energy from its plants and the grid, within what its capacity and
its grid connection can deliver."""

from __future__ import annotations

from ... import units
from ...records import Family
from .base import BuildContext, family


@family(
    Family(
        name="energy_balance",
        kind="balance",
        meaning="generation + grid import >= IT power x PUE x load factor x 8760 h [TWh]",
        dims=("site", "year"),
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
    ctx.add(record, supply - ctx.expr(ctx.q.energy_twh), ">=", 0.0)


@family(
    Family(
        name="generation_limit",
        kind="balance",
        meaning="generation <= capacity x capacity factor x 8760 h [TWh]",
        dims=("site", "tech", "year"),
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
    pw = ctx.inp.power
    avail = ctx.expr(ctx.q.power_gw) * (pw.capacity_factor * units.twh_per_gw_year())
    mask = pw.generates.broadcast_like(pw.existing_gw)
    ctx.add(record, ctx.var.filled("generation") - avail, "<=", 0.0, mask=mask)


@family(
    Family(
        name="grid_import_limit",
        kind="balance",
        meaning="grid import <= the site's grid connection in service x 8760 h [TWh]",
        dims=("site", "year"),
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
    s = ctx.inp.sites
    # the connection itself (built after the interconnection queue, up to grid_import_gw) is
    # a decision of the power families (grid_connection_cap)
    lhs = ctx.expr(ctx.q.grid_import_twh) - ctx.expr(ctx.q.grid_connection_gw) * (
        units.twh_per_gw_year()
    )
    mask = (s.grid_import_gw > 0).broadcast_like(ctx.inp.horizon.discount)
    ctx.add(record, lhs, "<=", 0.0, mask=mask)
