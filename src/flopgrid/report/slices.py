"""The plan's time slices, hour by hour: a typical week (and the week of the worst lull)
of each site in the plan's last year, laid out in calendar order.

Representative days stand for the real days of the year in the order the plan's
``period_order`` gives, so a week of the plan is seven of them in a row (a segment of
several hours holds its value over them); with all hours it is the hours themselves.
Reads only ``result.data`` and ``result.meta``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import xarray as xr

from ..timeseries.aggregate import step_starts
from ._common import GRID_IMPORT, label, note, sites, style, tech_colour

if TYPE_CHECKING:
    from ..results import Result

_WEEK = 168
_DAY = 24


def calendar_slices(data: xr.Dataset) -> np.ndarray:
    """(hour of the year) the slice standing for each real hour, in calendar order (a
    segment of several hours stands for each of them)."""
    order = data["period_order"].values
    period = data["slice_period"].values
    if "slice_duration_h" in data:
        duration = data["slice_duration_h"].values.astype(int)
    else:  # runs planned before segments: every step is an hour
        duration = np.ones(period.size, dtype=int)
    slices = np.arange(period.size)
    of_period = [period == p for p in range(period.max() + 1)]
    hours_of = [np.repeat(slices[at], duration[at]) for at in of_period]
    return np.concatenate([hours_of[p] for p in order])


def storage_level(data: xr.Dataset, site: str, year: int, slices: np.ndarray) -> np.ndarray:
    """Stored energy at the end of each real hour [GWh]: a real period's start level plus
    its representative's level (with all hours, the level itself). Within a segment of
    several hours the level moves in a straight line, as its constant flow moves it."""
    if "slice_storage_level_gwh" not in data:
        return np.zeros(slices.size)
    per_step = data["slice_storage_level_gwh"].sel(site=site, year=year).values
    per_period = slices.size // data["period_order"].size
    linked = "storage_start_gwh" in data
    level = per_step[slices]
    if "slice_duration_h" in data and (data["slice_duration_h"].values > 1).any():
        step = data["slice_step"].values
        duration = data["slice_duration_h"].values
        before = per_step[np.arange(step.size) - 1]  # the step before, in its period
        last = np.flatnonzero(np.r_[step[1:] == 0, True])  # each period's last step
        first = step == 0
        # a period starts from 0 (linked: the start level is added below) or, cyclic,
        # from the level its last step ends with
        before[first] = 0.0 if linked else per_step[last]
        start_hour = step_starts(duration, step.size // int(first.sum()))
        into = np.arange(slices.size) % per_period - start_hour[slices] + 1
        share = into / duration[slices]
        level = before[slices] + (level - before[slices]) * share
    if linked:
        start = data["storage_start_gwh"].sel(site=site, year=year).values
        level = level + np.repeat(start, per_period)
    return level


def _weeks(data: xr.Dataset, site: str, year: int, slices: np.ndarray, lull: int | None):
    """First hour of the typical week (on-site supply closest to the year's mean mix)
    and of the week around the worst lull day."""
    gen = data["slice_generation_gw"].sel(site=site, year=year).values[:, slices]  # tech, hour
    n_weeks = slices.size // _WEEK
    weekly = gen[:, : n_weeks * _WEEK].reshape(gen.shape[0], n_weeks, _WEEK).mean(-1)
    typical = int(np.argmin(np.abs(weekly - gen.mean(-1, keepdims=True)).sum(0))) * _WEEK
    if lull is None:
        return typical, None
    first = min(max(lull * _DAY - 3 * _DAY, 0), slices.size - _WEEK)
    return typical, first


def _traces(data: xr.Dataset, site: str, year: int, at: np.ndarray, x, level) -> list:
    """Traces of one site's week: ``at`` are the slices of its hours, ``level`` its
    stored energy at those hours [GWh]."""
    sel: dict[str, Any] = {"site": site, "year": year}
    traces: list[go.BaseTraceType] = []
    gen = data["slice_generation_gw"].sel(**sel)
    for i, tech in enumerate(data["tech"].values):
        y = gen.sel(tech=tech).values[at]
        if np.abs(y).max(initial=0) > 1e-6:
            traces.append(_area(x, y, label(tech), tech_colour(str(tech), i)))
    grid = data["slice_grid_import_gw"].sel(**sel).values[at]
    if np.abs(grid).max(initial=0) > 1e-6:
        traces.append(_area(x, grid, GRID_IMPORT, tech_colour("grid")))
    if "slice_storage_gw" in data:
        net = data["slice_storage_gw"].sel(**sel).values[at]
        if np.abs(net).max(initial=0) > 1e-6:
            traces.append(_area(x, np.clip(net, 0, None), "storage discharge", "#8c564b"))
            traces.append(_area(x, np.clip(net, None, 0), "storage charge", "#c49c94", "two"))
    traces.append(
        go.Scatter(
            x=x,
            y=data["slice_load_gw"].sel(**sel).values[at],
            name="facility load",
            mode="lines",
            line={"color": "#222", "width": 2},
            hovertemplate="load %{y:,.3~r} GW<extra></extra>",
        )
    )
    if np.abs(level).max(initial=0) > 1e-6:
        traces.append(
            go.Scatter(
                x=x,
                y=level,
                name="stored energy (GWh, right)",
                mode="lines",
                yaxis="y2",
                line={"color": "#8c564b", "dash": "dot"},
                hovertemplate="stored %{y:,.3~r} GWh<extra></extra>",
            )
        )
    return traces


def _area(x, y, name: str, colour: str, group: str = "one") -> go.Scatter:
    return go.Scatter(
        x=x,
        y=y,
        name=name,
        mode="lines",
        stackgroup=group,
        line={"width": 0.5, "color": colour},
        fillcolor=colour,
        hovertemplate=f"{name} %{{y:,.3~r}} GW<extra></extra>",
    )


def typical_week(result: Result) -> go.Figure:
    """A week of the plan's time slices per site in its last year [GW]: generation by
    technology, grid import and storage discharge stacked, storage charge below zero,
    the facility load as a line and stored energy [GWh] on the right axis; a menu picks
    the site and the week (typical, or around the worst lull)."""
    data, meta = result.data, result.meta
    fig = go.Figure()
    if "slice_generation_gw" not in data:
        style(fig, "A week of the plan, hour by hour", "GW")
        return note(fig, "Planned with one yearly slice: plan with --periods N or --hours full")
    year = int(data["year"].values[-1])
    slices = calendar_slices(data)
    info = meta.get("time_slices", {})
    lull = info.get("lull_real_period")
    start = pd.Timestamp(f"{info.get('profile_year', year)}-01-01")
    choices, groups = [], []
    for site in sites(result):
        typical, worst = _weeks(data, site, year, slices, lull)
        for name, first in (("typical week", typical), ("week of the worst lull", worst)):
            if first is None:
                continue
            hours = np.arange(first, first + _WEEK)
            x = start + pd.to_timedelta(hours, unit="h")
            level = storage_level(data, site, year, slices)[hours]
            choices.append(f"{site}: {name}")
            groups.append(_traces(data, site, year, slices[hours], x, level))
    for i, traces in enumerate(groups):
        for tr in traces:
            tr.visible = i == 0
            fig.add_trace(tr)
    style(fig, f"{choices[0]} ({year})", "GW", height=480)
    fig.update_layout(
        yaxis2={"overlaying": "y", "side": "right", "title": "GWh", "showgrid": False},
        hovermode="x unified",
    )
    if len(choices) > 1:
        buttons, at = [], 0
        for name, traces in zip(choices, groups, strict=True):
            visible = [False] * len(fig.data)
            visible[at : at + len(traces)] = [True] * len(traces)
            at += len(traces)
            buttons.append(
                {
                    "label": name,
                    "method": "update",
                    "args": [{"visible": visible}, {"title.text": f"{name} ({year})"}],
                }
            )
        fig.update_layout(
            updatemenus=[
                {"buttons": buttons, "x": 1.0, "xanchor": "right", "y": 1.18, "yanchor": "top"}
            ]
        )
    return fig
