"""The report of a dispatch run: hourly operation of a fixed fleet, drawn in the same
style and on the same page as a plan's report.

A year is 8,760 hours: charts open on daily means (one point a day) and a button and a
range slider switch to the hours, so nobody reads an 8,760-bar barcode.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ._common import colour, label, style, tech_colour
from .page import chart, page, table

if TYPE_CHECKING:
    from ..results import Result

_GRID, _STORAGE, _LOAD = "#7f7f7f", "#9467bd", "#000000"


def _times(result: Result) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(result.data["timestamp"].to_numpy())


def _daily(values: np.ndarray, times: pd.DatetimeIndex) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """Daily means of an hourly series (days that the horizon covers)."""
    s = pd.Series(values, index=times).resample("D").mean().dropna()
    return pd.DatetimeIndex(s.index), s.to_numpy()


def _two_views(fig: go.Figure, n_daily: int, n_hourly: int, y_title: str) -> go.Figure:
    """Buttons between the daily means (shown first) and the hours, with a range slider."""
    if n_hourly == 0:
        return fig
    daily = [True] * n_daily + [False] * n_hourly
    hourly = [False] * n_daily + [True] * n_hourly
    fig.update_layout(
        updatemenus=[
            {
                "type": "buttons",
                "direction": "right",
                "x": 1.0,
                "xanchor": "right",
                "y": 1.12,
                "buttons": [
                    {"label": "daily mean", "method": "update", "args": [{"visible": daily}]},
                    {"label": "hourly", "method": "update", "args": [{"visible": hourly}]},
                ],
            }
        ],
        hovermode="x unified",
    )
    fig.update_xaxes(rangeslider={"visible": True, "thickness": 0.06})
    fig.update_yaxes(title_text=y_title)
    return fig


def _stacked(fig: go.Figure, x, y, name: str, colour_: str | None, group: str, visible: bool):
    fig.add_scatter(
        x=x,
        y=y,
        name=name,
        stackgroup=group,
        line={"width": 0},
        fillcolor=colour_,
        visible=visible,
        legendgroup=name,
        showlegend=visible,
    )


def power_by_source(result: Result, site: str) -> go.Figure:
    """Power by source at a site with its facility load [GW]: daily means, or the hours."""
    d = result.data.sel(site=site)
    times = _times(result)
    series: list[tuple[str, np.ndarray, str | None]] = []
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
    load = d["facility_power_gw"].to_numpy()
    fig = go.Figure()
    n = 0
    for hourly in (False, True):
        for name, y, colour_ in series:
            x, v = (times, y) if hourly else _daily(y, times)
            _stacked(fig, x, v, name, colour_, "h" if hourly else "d", not hourly)
            n += 1
        x, v = (times, load) if hourly else _daily(load, times)
        fig.add_scatter(
            x=x,
            y=v,
            name="facility load",
            line={"color": _LOAD},
            visible=not hourly,
            showlegend=not hourly,
        )
        n += 1
    style(fig, f"{site}: power by source (stacked) and facility load", "GW")
    return _two_views(fig, n // 2, n // 2, "GW")


def work_by_site(result: Result) -> go.Figure:
    """Compute served per site, stacked, and unserved work [h100e]."""
    data, times = result.data, _times(result)
    unserved = (
        data["unserved_inference_h100e"].sum("zone") + data["unserved_training_h100e"].sum("job")
    ).to_numpy()
    fig = go.Figure()
    count = 0
    for hourly in (False, True):
        for i, site in enumerate(data.indexes["site"]):
            y = data["served_h100e"].sel(site=site).to_numpy()
            x, v = (times, y) if hourly else _daily(y, times)
            _stacked(fig, x, v, str(site), colour(i), "h" if hourly else "d", not hourly)
            count += 1
        if unserved.max() > 0:
            x, v = (times, unserved) if hourly else _daily(unserved, times)
            fig.add_scatter(
                x=x,
                y=v,
                name="unserved",
                line={"color": "#d62728", "dash": "dot"},
                visible=not hourly,
                showlegend=not hourly,
            )
            count += 1
    style(fig, "Work served by site (stacked) and unserved work", "h100e")
    return _two_views(fig, count // 2, count // 2, "h100e")


def utilisation_by_day(result: Result) -> go.Figure:
    """Daily mean utilisation of each site's compute [1]: days across, sites down."""
    u = result.data["utilisation"].transpose("site", "time")
    times = _times(result)
    rows, days = [], None
    for site in u.indexes["site"]:
        days, v = _daily(u.sel(site=site).to_numpy(), times)
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
    return style(fig, "Utilisation by day and site (daily mean)", "", height=160 + 40 * len(rows))


def state_of_charge(result: Result) -> go.Figure:
    """Storage state of charge per site [GWh], hourly; opens on the first two weeks."""
    times = _times(result)
    fig = go.Figure()
    for i, site in enumerate(result.data.indexes["site"]):
        soc = result.data["state_of_charge_gwh"].sel(site=site).to_numpy()
        if soc.max() > 1e-9:
            fig.add_scatter(x=times, y=soc, name=str(site), line={"color": colour(i)})
    style(fig, "Storage state of charge (hourly; drag the slider to move)", "GWh")
    if len(times) > 336:
        fig.update_xaxes(range=[times[0], times[335]], rangeslider={"visible": True})
    return fig


def figures(result: Result) -> dict[str, go.Figure]:
    """Every figure of a dispatch report, by name."""
    figs = {f"power_{s}": power_by_source(result, str(s)) for s in result.data.indexes["site"]}
    figs["work_by_site"] = work_by_site(result)
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
                f"{s['energy_twh']:.3g}",
                f"{s['curtailment_twh']:.3g}",
                f"{s['cost_usd'] / 1e6:,.1f}",
                f"{s['emissions_mt']:.3g}",
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
            ("cost (energy + carbon price)", f"{t['cost_usd'] / 1e6:,.1f} M USD"),
            ("energy", f"{t['energy_twh']:.3g} TWh"),
            ("emissions", f"{t['emissions_mt']:.3g} Mt CO2e"),
            ("utilisation of compute", f"{t['utilisation']:.1%}"),
            ("curtailed renewable energy", f"{t['curtailment_twh']:.3g} TWh"),
            ("unserved work", f"{t['unserved_share']:.2%}"),
        ],
        cls="headline",
    )
    sites = table(
        ["site", "utilisation", "energy TWh", "curtailment TWh", "cost M USD", "Mt CO2e"],
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
