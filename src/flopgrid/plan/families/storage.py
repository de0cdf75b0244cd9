"""Storage in the time slices: charge and discharge within the plant's power, and a state
of charge that follows them hour by hour between empty and full.

By default the store closes its cycle within each representative day, as the day
stands for many real ones (with all hours the period is the year, in order: the
dispatch's cyclic year, exact). With ``link_periods`` the state of charge is split as in
Kotzur, Markewitz, Robinius & Stolten, "Time series aggregation for energy system design:
Modeling seasonal storage", Applied Energy 213:123-135, Elsevier, 2018,
https://doi.org/10.1016/j.apenergy.2018.01.023: a level within each representative
period (``storage_level``, from 0 at its start) and a level at the start of every real
period of the year in calendar order (``storage_start``), linked by the representative
each real period stands for (``period_order``); the store holds between empty and full
at every hour of the year (each real period's start plus its representative's highest
and lowest level), so energy moves across days. No slice variables exist with one yearly
slice: there storage only counts towards firm capacity, as before.
"""

from __future__ import annotations

from typing import Any

import linopy
import numpy as np
import xarray as xr

from ... import units
from ...records import Family
from ..inputs.slices import required
from .base import BuildContext, family

_DEFINITION: dict[str, Any] = dict(
    kind="definition",
    value_unit="USD per MWh",
    value_per_dual=1e3,
    relief="one MWh more in store",
    place="at {where}",
)


def _power(ctx: BuildContext):
    """Power of each storage plant in service [GW] (site, tech, year)."""
    return ctx.var.linopy.filled("power_capacity").sel(tech=list(ctx.inp.storage.names))


def _last_slice(ctx: BuildContext) -> xr.DataArray:
    """(period) the slice that ends each representative period (slices run period by
    period, step by step)."""
    src = required(ctx.inp.slices.source, "slices.source")
    n, steps = len(src.period_weight), src.steps_per_period
    last = np.arange(n) * steps + steps - 1
    return xr.DataArray(last, dims="period", coords={"period": np.arange(n)})


@family(
    Family(
        name="storage_power",
        kind="balance",
        meaning="charge + discharge <= storage power x 8760 h, in every time slice [TWh/yr]",
        dims=("site", "tech", "year", "slice"),
        row_unit="TWh",
        label="storage power",
        value_unit="USD per MWh",
        value_per_dual=1e3,
        relief="one more MWh of {tech} power",
        place="at {where}",
        fields=("sites.{site}.build", "sites.{site}.existing.power"),
    )
)
def add_storage_power(ctx: BuildContext, record: Family) -> None:
    if "charge" not in ctx.var:
        return
    use = ctx.var.linopy.filled("charge") + ctx.var.linopy.filled("discharge")
    mask = ctx.var.linopy["charge"].labels != -1
    ctx.add(record, use - _power(ctx) * units.twh_per_gw_year(), "<=", 0.0, mask=mask)


@family(
    Family(
        name="storage_level",
        meaning="level = level a step before (cyclic within a period; linked: 0 at its"
        " start) + (efficiency x charge - discharge / efficiency) x the step's hours [GWh]",
        dims=("site", "tech", "year", "slice"),
        row_unit="GWh",
        label="stored energy",
        **_DEFINITION,
    )
)
def add_storage_level(ctx: BuildContext, record: Family) -> None:
    if "charge" not in ctx.var:
        return
    sl, eff = ctx.inp.slices, ctx.inp.storage.efficiency
    level = ctx.var.linopy["storage_level"]
    if sl.cyclic:  # each period is a cycle (all hours: the year, as in the dispatch)
        src = required(sl.source, "slices.source")
        prev = np.arange(src.n_slices) - 1
        prev[src.step == 0] += src.steps_per_period
        at = xr.DataArray(prev, dims="slice", coords={"slice": sl.index})
        before = _pick(level.fillna(0), "slice", at)
    else:
        before = level.shift(slice=1).where(required(sl.step, "slices.step") > 0).fillna(0)
    gwh = units.gwh_per_hour_from_twh_per_year(1.0) * required(sl.duration, "slices.duration")
    lv = ctx.var.linopy
    flow = lv.filled("charge") * (eff * gwh) - lv.filled("discharge") * (gwh / eff)
    ctx.add(record, level.fillna(0) - before - flow, "==", 0.0, mask=level.labels != -1)


def _pick(expr, dim: str, at: xr.DataArray) -> linopy.LinearExpression:
    """``expr`` at the positions ``at`` along ``dim``, on ``at``'s dimension (without the
    label coordinate xarray's vectorised indexing leaves behind)."""
    data = expr.isel({dim: at.variable}).data.drop_vars(dim, errors="ignore")
    return linopy.LinearExpression(data.assign_coords(at.coords), expr.model)


def _at_slices(expr, ctx: BuildContext) -> linopy.LinearExpression:
    """A (..., period) expression at each slice of its period."""
    return _pick(expr, "period", required(ctx.inp.slices.period, "slices.period"))


@family(
    Family(
        name="storage_peak",
        meaning="level <= storage power x duration (linked: <= the highest level of its"
        " representative period) [GWh]",
        dims=("site", "tech", "year", "slice"),
        row_unit="GWh",
        label="the highest stored energy of a period",
        **_DEFINITION,
    )
)
def add_storage_peak(ctx: BuildContext, record: Family) -> None:
    if "charge" not in ctx.var:
        return
    level = ctx.var.linopy["storage_level"]
    if ctx.inp.slices.cyclic:
        peak = _power(ctx) * ctx.inp.storage.duration_hours
    else:
        peak = _at_slices(ctx.var.linopy.filled("storage_level_max"), ctx)
    ctx.add(record, level.fillna(0) - peak, "<=", 0.0, mask=level.labels != -1)


@family(
    Family(
        name="storage_trough",
        meaning="level >= the lowest level of its representative period (linked) [GWh]",
        dims=("site", "tech", "year", "slice"),
        row_unit="GWh",
        label="the lowest stored energy of a period",
        **_DEFINITION,
    )
)
def add_storage_trough(ctx: BuildContext, record: Family) -> None:
    if "storage_start" not in ctx.var:
        return
    level = ctx.var.linopy["storage_level"]
    trough = _at_slices(ctx.var.linopy.filled("storage_level_min"), ctx)
    ctx.add(record, level.fillna(0) - trough, ">=", 0.0, mask=level.labels != -1)


def _of_calendar(expr, ctx: BuildContext) -> linopy.LinearExpression:
    """A (..., period) expression for each real period of the year (calendar order)."""
    return _pick(expr, "period", required(ctx.inp.slices.period_order, "slices.period_order"))


@family(
    Family(
        name="storage_link",
        meaning="level at the start of the next real period = level at the start of this"
        " one + its representative period's net change; the year is a cycle (linked)"
        " [GWh]",
        dims=("site", "tech", "year", "calendar"),
        row_unit="GWh",
        label="stored energy carried between periods",
        **_DEFINITION,
    )
)
def add_storage_link(ctx: BuildContext, record: Family) -> None:
    if "storage_start" not in ctx.var:
        return
    start = ctx.var.linopy["storage_start"]
    last = _pick(ctx.var.linopy.filled("storage_level"), "slice", _last_slice(ctx))
    change = _of_calendar(last, ctx)
    lhs = start.roll(calendar=-1).fillna(0) - start.fillna(0) - change
    ctx.add(record, lhs, "==", 0.0, mask=start.labels != -1)


@family(
    Family(
        name="storage_energy",
        kind="balance",
        meaning="level at a real period's start + its representative's highest level <="
        " storage power x duration (linked) [GWh]",
        dims=("site", "tech", "year", "calendar"),
        row_unit="GWh",
        label="storage energy",
        value_unit="USD per MWh",
        value_per_dual=1e3,
        relief="one more MWh of {tech} energy",
        place="at {where}",
        fields=("power.{tech}.duration_hours",),
    )
)
def add_storage_energy(ctx: BuildContext, record: Family) -> None:
    if "storage_start" not in ctx.var:
        return
    start = ctx.var.linopy["storage_start"]
    peak = _of_calendar(ctx.var.linopy.filled("storage_level_max"), ctx)
    full = _power(ctx) * ctx.inp.storage.duration_hours
    ctx.add(record, start.fillna(0) + peak - full, "<=", 0.0, mask=start.labels != -1)


@family(
    Family(
        name="storage_floor",
        meaning="level at a real period's start + its representative's lowest level >= 0"
        " (linked) [GWh]",
        dims=("site", "tech", "year", "calendar"),
        row_unit="GWh",
        label="an empty store",
        **_DEFINITION,
    )
)
def add_storage_floor(ctx: BuildContext, record: Family) -> None:
    if "storage_start" not in ctx.var:
        return
    start = ctx.var.linopy["storage_start"]
    trough = _of_calendar(ctx.var.linopy.filled("storage_level_min"), ctx)
    ctx.add(record, start.fillna(0) + trough, ">=", 0.0, mask=start.labels != -1)
