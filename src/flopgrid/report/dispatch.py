"""The report of a dispatch run: hourly operation of a fixed fleet, drawn in the same
style and on the same page as a plan's report.

A year is 8,760 hours, too many to read as bars. Each site's power opens as one bar a
day: the day's energy by source [GWh], stacked (storage charging below zero), with the
facility load's energy as a line, so a season, a windless week or a day of grid imports
stands out. Below it the same series hour by hour [GW], on a time axis with a range
slider that opens on the first week (buttons: a day, a week, a month, all): zoom in there
to see a day's solar shape or a battery cycle. Work is drawn the same way (daily means
of served and unserved h100e, then the hours). Hourly traces carry no timestamps when
the hours are contiguous (a start and a one-hour step), which keeps the page small.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..units import fmt_num, fmt_plain
from ._common import colour, label, style, tech_colour
from .page import chart, page, table

if TYPE_CHECKING:
    from ..results import Result

_GRID, _STORAGE, _LOAD, _UNSERVED = "#7f7f7f", "#9467bd", "#000000", "#d62728"
#: one hour [ms], plotly's unit of a step on a date axis
_HOUR_MS = 3_600_000
#: hours the hourly figures open on
WEEK_HOURS = 7 * 24

Series = list[tuple[str, np.ndarray, str | None]]


def _times(result: Result) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(result.data["timestamp"].to_numpy())


def daily(
    values: np.ndarray, times: pd.DatetimeIndex, how: str = "sum"
) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """An hourly series by day (the days that the hours cover): the sum ([GW] hours to
    [GWh] a day) or the mean."""
    grouped = pd.Series(values, index=times).groupby(times.floor("D"))
    s = grouped.sum() if how == "sum" else grouped.mean()
    return pd.DatetimeIndex(s.index), s.to_numpy()


def _hour_axis(times: pd.DatetimeIndex) -> dict:
    """x of an hourly trace: a start and a one-hour step when the hours are contiguous,
    else every timestamp (a dispatch of chosen weeks)."""
    steps = np.diff(times.to_numpy().astype("datetime64[ms]").astype(np.int64))
    if len(times) and np.all(steps == _HOUR_MS):
        return {"x0": times[0], "dx": _HOUR_MS}
    return {"x": times}


def _date_axis(fig: go.Figure, times: pd.DatetimeIndex, hourly: bool) -> go.Figure:
    """A time axis (UTC) with range buttons; the hourly one has a range slider and opens
    on the first week."""
    buttons = [
        {"count": 7, "label": "week", "step": "day", "stepmode": "backward"},
        {"count": 1, "label": "month", "step": "month", "stepmode": "backward"},
        {"step": "all", "label": "all"},
    ]
    if hourly:
        buttons.insert(0, {"count": 1, "label": "day", "step": "day", "stepmode": "backward"})
    fig.update_xaxes(
        type="date",
        title_text="date (UTC)",
        rangeselector={"buttons": buttons, "x": 1.0, "xanchor": "right", "y": 1.02},
    )
    if hourly:
        end = times[min(WEEK_HOURS, len(times) - 1)] if len(times) else None
        fig.update_xaxes(rangeslider={"visible": True, "thickness": 0.08})
        if end is not None:
            fig.update_xaxes(range=[times[0], end])
    fig.update_layout(hovermode="x unified", margin={"t": 110})
    return fig


def _sources(result: Result, site: str) -> tuple[Series, np.ndarray, np.ndarray]:
    """A site's hourly supply by source [GW] (generation, grid import, storage discharge;
    those that ever run), its storage charging [GW] and its facility load [GW]."""
    d = result.data.sel(site=site)
    series: Series = []
    for i, tech in enumerate(d.indexes["tech"]):
        y = d["generation_gw"].sel(tech=tech).to_numpy()
        if y.max() > 1e-9:
            series.append((label(str(tech)), y, tech_colour(str(tech), i)))
    for name, var, c in (
        ("grid import", "grid_import_gw", _GRID),
        ("storage discharge", "storage_discharge_gw", _STORAGE),
    ):
        y = d[var].to_numpy()
        if y.max() > 1e-9:
            series.append((name, y, c))
    return series, d["storage_charge_gw"].to_numpy(), d["facility_power_gw"].to_numpy()


def _stacked_hours(fig: go.Figure, x: dict, series: Series) -> None:
    """Each series as a filled area stacked on the others, hour by hour."""
    for name, y, c in series:
        fig.add_scatter(
            **x, y=y.astype(np.float32), name=name, stackgroup="s", line={"width": 0}, fillcolor=c
        )


def _stacked_days(fig: go.Figure, series: Series, times: pd.DatetimeIndex, how: str) -> None:
    """Each series a day (``how``: sum or mean) as bars, stacked by the figure's barmode."""
    for name, y, c in series:
        days, v = daily(y, times, how)
        fig.add_bar(x=days, y=v, name=name, marker={"color": c, "line": {"width": 0}})


def energy_by_day(result: Result, site: str) -> go.Figure:
    """A site's energy by source a day [GWh], stacked bars (storage charging below zero),
    and its facility load's energy a day."""
    series, charge, load = _sources(result, site)
    times = _times(result)
    fig = go.Figure()
    _stacked_days(fig, series, times, "sum")
    if charge.max() > 1e-9:
        days, v = daily(-charge, times)
        fig.add_bar(x=days, y=v, name="storage charging", marker={"color": "#c5b0d5"})
    days, v = daily(load, times)
    fig.add_scatter(x=days, y=v, name="facility load", line={"color": _LOAD, "width": 1.5})
    style(fig, f"{site}: energy by source a day (stacked) and facility load", "GWh a day")
    fig.update_layout(barmode="relative", bargap=0)
    return _date_axis(fig, times, hourly=False)


def power_by_hour(result: Result, site: str) -> go.Figure:
    """A site's power by source [GW], stacked, and its facility load, hour by hour."""
    series, charge, load = _sources(result, site)
    times = _times(result)
    x = _hour_axis(times)
    fig = go.Figure()
    _stacked_hours(fig, x, series)
    if charge.max() > 1e-9:
        fig.add_scatter(
            **x,
            y=(-charge).astype(np.float32),
            name="storage charging",
            line={"width": 0},
            fill="tozeroy",
            fillcolor="#c5b0d5",
        )
    fig.add_scatter(
        **x, y=load.astype(np.float32), name="facility load", line={"color": _LOAD, "width": 1}
    )
    style(fig, f"{site}: power by source, hour by hour (zoom with the slider)", "GW")
    return _date_axis(fig, times, hourly=True)


def _work(result: Result) -> tuple[Series, np.ndarray]:
    data = result.data
    served: Series = [
        (str(s), data["served_h100e"].sel(site=s).to_numpy(), colour(i))
        for i, s in enumerate(data.indexes["site"])
    ]
    unserved = (
        data["unserved_inference_h100e"].sum("zone") + data["unserved_training_h100e"].sum("job")
    ).to_numpy()
    return served, unserved


def work_by_day(result: Result) -> go.Figure:
    """Compute served per site a day (daily mean [h100e], stacked) and unserved work."""
    served, unserved = _work(result)
    times = _times(result)
    fig = go.Figure()
    _stacked_days(fig, served, times, "mean")
    if unserved.max() > 0:
        days, v = daily(unserved, times, "mean")
        fig.add_scatter(x=days, y=v, name="unserved", line={"color": _UNSERVED, "dash": "dot"})
    style(fig, "Work served by site (daily mean, stacked) and unserved work", "h100e")
    fig.update_layout(barmode="stack", bargap=0)
    return _date_axis(fig, times, hourly=False)


def work_by_hour(result: Result) -> go.Figure:
    """Compute served per site, stacked, and unserved work [h100e], hour by hour."""
    served, unserved = _work(result)
    times = _times(result)
    x = _hour_axis(times)
    fig = go.Figure()
    _stacked_hours(fig, x, served)
    if unserved.max() > 0:
        fig.add_scatter(
            **x,
            y=unserved.astype(np.float32),
            name="unserved",
            line={"color": _UNSERVED, "dash": "dot"},
        )
    style(fig, "Work served by site and unserved work, hour by hour", "h100e")
    return _date_axis(fig, times, hourly=True)


def utilisation_by_day(result: Result) -> go.Figure:
    """Daily mean utilisation of each site's compute [1]: days across, sites down."""
    u = result.data["utilisation"].transpose("site", "time")
    times = _times(result)
    rows, days = [], None
    for site in u.indexes["site"]:
        days, v = daily(u.sel(site=site).to_numpy(), times, "mean")
        rows.append(v)
    fig = go.Figure(
        go.Heatmap(
            z=np.array(rows),
            x=days,
            y=[str(s) for s in u.indexes["site"]],
            zmin=0,
            zmax=1,
            colorscale="Viridis",
            colorbar={"title": "utilisation"},
            hovertemplate="%{y} %{x|%d %b}: %{z:.0%}<extra></extra>",
        )
    )
    style(fig, "Utilisation by day and site (daily mean)", "", height=200 + 40 * len(rows))
    return fig.update_xaxes(type="date", title_text="date (UTC)")


def state_of_charge(result: Result) -> go.Figure:
    """Storage state of charge per site [GWh], hourly; opens on the first week."""
    times = _times(result)
    x = _hour_axis(times)
    fig = go.Figure()
    for i, site in enumerate(result.data.indexes["site"]):
        soc = result.data["state_of_charge_gwh"].sel(site=site).to_numpy()
        if soc.max() > 1e-9:
            fig.add_scatter(
                **x, y=soc.astype(np.float32), name=str(site), line={"color": colour(i)}
            )
    style(fig, "Storage state of charge, hour by hour (zoom with the slider)", "GWh")
    return _date_axis(fig, times, hourly=True)


def figures(result: Result) -> dict[str, go.Figure]:
    """Every figure of a dispatch report, by name: per site its energy a day then its
    power by hour; work a day, then by hour; utilisation; storage."""
    figs: dict[str, go.Figure] = {}
    for s in result.data.indexes["site"]:
        figs[f"power_{s}"] = energy_by_day(result, str(s))
        figs[f"power_{s}_hourly"] = power_by_hour(result, str(s))
    figs["work_by_site"] = work_by_day(result)
    figs["work_by_site_hourly"] = work_by_hour(result)
    figs["utilisation_by_day"] = utilisation_by_day(result)
    if float(result.data["state_of_charge_gwh"].max()) > 1e-9:
        figs["state_of_charge"] = state_of_charge(result)
    return figs


def _site_rows(result: Result) -> list[list[str]]:
    rows = []
    for site, s in result.summary["by_site"].items():
        rows.append(
            [
                site,
                f"{s['utilisation']:.1%}",
                fmt_plain(s["energy_twh"], 3),
                fmt_plain(s["curtailment_twh"], 3),
                f"{s['cost_usd'] / 1e6:,.1f}",
                fmt_plain(s["emissions_mt"], 3),
            ]
        )
    return rows


def dispatch_report_html(result: Result) -> str:
    """The report of a dispatch run as an HTML document."""
    meta, s = result.meta, result.summary
    t = s["totals"]
    headline = table(
        ["", ""],
        [
            ("fleet", meta["source"]),
            ("hours", f"{s['hours']:,}"),
            (
                "running cost (fuel, variable O&M, grid energy, carbon price; no capital)",
                f"{t['cost_usd'] / 1e6:,.1f} M USD",
            ),
            ("energy", fmt_num(t["energy_twh"], "TWh")),
            ("emissions", fmt_num(t["emissions_mt"], "Mt CO2e")),
            ("utilisation of compute", f"{t['utilisation']:.1%}"),
            ("curtailed renewable energy", fmt_num(t["curtailment_twh"], "TWh")),
            ("unserved work", f"{t['unserved_share']:.2%}"),
        ],
        cls="headline",
    )
    sites = table(
        ["site", "utilisation", "energy TWh", "curtailment TWh", "running cost M USD", "Mt CO2e"],
        _site_rows(result),
    )
    figs = figures(result)
    sections = [
        ("headline", "Headline", headline + sites),
        (
            "power",
            "Power by site",
            "".join(chart(n, f) for n, f in figs.items() if n.startswith("power_")),
        ),
        (
            "work",
            "Work and utilisation",
            "".join(chart(n, f) for n, f in figs.items() if not n.startswith("power_")),
        ),
    ]
    body = "".join(
        f'<section id="{i}"><h2>{escape(title)}</h2>{html}</section>' for i, title, html in sections
    )
    sub = escape(
        f"run {meta.get('run_id') or 'not saved'} · year {meta['year']} · status {meta['status']}"
    )
    return page(
        f"flopgrid dispatch: {meta['scenario']} ({meta['year']})",
        [(i, title) for i, title, _ in sections],
        body,
        sub,
    )
