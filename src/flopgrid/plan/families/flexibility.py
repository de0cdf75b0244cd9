"""Flexible work in the time slices: the share of AI work that may move (training, as the
dispatch runs it) is done within each of its deadline windows, at any pace up to the
fleet's full power; the rest is pinned at an even rate (``q.load_twh``).

Windows never cross a representative period (days), so with representative days a
weekly training window shrinks to a day: the plan is never more flexible than the
dispatch of its fleet. Work does not move between sites in the plan.
"""

from __future__ import annotations

from ... import units
from ...records import Family
from .base import BuildContext, family


def _ai_rate(ctx: BuildContext, share):
    """IT power of the AI fleet x PUE x ``share`` x 8760 h [TWh/yr] (site, year)."""
    dc = ctx.inp.datacenters
    return ctx.var.linopy["it_power"] * (dc.pue * share * units.twh_per_gw_year())


@family(
    Family(
        name="flexible_work",
        kind="balance",
        meaning="flexible load over a deadline window = the flexible share of the AI fleet's"
        " energy in that window (IT power x PUE x load factor) [TWh/yr]",
        dims=("site", "year", "window"),
        row_unit="TWh",
        label="flexible work",
        value_unit="USD per MWh",
        value_per_dual=1e3,
        relief="one MWh less of flexible work",
        place="at {where}",
        fields=("dispatch.default_inference_share", "dispatch.training"),
    )
)
def add_flexible_work(ctx: BuildContext, record: Family) -> None:
    if "flexible_load" not in ctx.var:
        return
    sl, dc = ctx.inp.slices, ctx.inp.datacenters
    done = (ctx.var.linopy["flexible_load"] * sl.share).groupby(sl.window).sum()
    due = _ai_rate(ctx, dc.load_factor * sl.flexible_share) * sl.share.groupby(sl.window).sum()
    hosts = ctx.inp.sites.hosts_accelerators
    ctx.add(record, done - due, "==", 0.0, mask=hosts.broadcast_like(done.const))


@family(
    Family(
        name="flexible_peak",
        kind="balance",
        meaning="pinned + flexible load of the AI fleet <= its IT power x PUE x 8760 h, in"
        " every time slice [TWh/yr]",
        dims=("site", "year", "slice"),
        row_unit="TWh",
        label="the fleet's full power",
        value_unit="USD per MWh",
        value_per_dual=1e3,
        relief="one MWh more of room to run flexible work",
        place="at {where}",
    )
)
def add_flexible_peak(ctx: BuildContext, record: Family) -> None:
    if "flexible_load" not in ctx.var:
        return
    sl, dc = ctx.inp.slices, ctx.inp.datacenters
    room = _ai_rate(ctx, 1.0 - (1.0 - sl.flexible_share) * dc.load_factor)
    load = ctx.var.linopy["flexible_load"]
    ctx.add(record, load.fillna(0) - room, "<=", 0.0, mask=load.labels != -1)
