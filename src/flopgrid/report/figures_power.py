"""The report's power and water figures: water by site and year, and what limits building
power (gas turbines against their supply, grid connections against their caps).

Each reads only ``result.data`` (user units) and ``result.meta``; none solves anything; a
result without these arrays (an older run) gets a figure that says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..units import fmt_num
from ._common import nonzero, note, site_colour, sites, style, years

if TYPE_CHECKING:
    from ..results import Result


def _stress(result: Result, site: str) -> str:
    ds = result.data
    if "water_stress_score" not in ds:
        return "unknown"
    v = float(ds["water_stress_score"].sel(site=site))
    return "unknown" if v != v else f"{v:.2f} of 5 (WRI Aqueduct)"


def water_by_site(result: Result) -> go.Figure:
    """Water consumed per year by site [GL]: the site's own (cooling + on-site plants) as solid
    bars, at distant plants for its grid energy as hatched bars; hover gives withdrawal,
    the water-stress score and any cap on the site's own withdrawal [GL]."""
    ds, ys = result.data, years(result)
    fig = go.Figure()
    if "water_consumption_gl" not in ds:
        return note(style(fig, "Water by site"), "This run predates water accounting")
    for s in sites(result):
        own = ds["water_site_consumption_gl"].sel(site=s).values
        grid = ds["water_consumption_gl"].sel(site=s).values - own
        withdrawn = ds["water_withdrawal_gl"].sel(site=s).values
        cap = ds["water_limit_gl"].sel(site=s).values
        cap_text = [fmt_num(c, "GL") if np.isfinite(c) else "none" for c in cap]
        custom = np.stack([withdrawn, np.array(cap_text, dtype=object)], axis=-1)
        stress = _stress(result, s)
        for part, values, pattern in (("on site", own, ""), ("grid energy", grid, "/")):
            if not nonzero(values):
                continue
            fig.add_bar(
                x=ys,
                y=values,
                name=f"{s}, {part}",
                marker={"color": site_colour(result, s), "pattern": {"shape": pattern}},
                customdata=custom,
                hovertemplate=f"<b>{s}</b> {part} %{{x}}: %{{y:,.3~r}} GL consumed<br>"
                "withdrawn (own + grid) %{customdata[0]:,.3~r} GL<br>"
                f"cap on own withdrawal %{{customdata[1]}}<br>water stress {stress}<extra></extra>",
            )
    style(fig, "Water consumed by site: on site and for its grid energy", "GL per year")
    fig.update_layout(barmode="stack")
    if not fig.data:
        note(fig, "No water used in this plan")
    return fig


def power_build_limits(result: Result) -> go.Figure:
    """Gas turbines entering service per year against what manufacturers deliver [GW]
    (top); grid connections in service against their caps, all sites [GW] (bottom)."""
    ds, ys = result.data, years(result)
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.14,
        subplot_titles=("gas turbines [GW per year]", "grid connections in service [GW]"),
    )
    if "gas_turbines_built_gw" not in ds:
        return note(style(fig, "Limits on building power"), "This run predates these limits")
    fig.add_bar(
        x=ys,
        y=ds["gas_turbines_built_gw"].values,
        name="gas turbines entering service",
        marker_color="#b5651d",
        hovertemplate="turbines %{x}: %{y:,.3~r} GW<extra></extra>",
        row=1,
        col=1,
    )
    supply = ds.get("gas_turbine_supply_gw")
    if supply is not None and bool(np.isfinite(supply).any()):
        fig.add_scatter(
            x=ys,
            y=supply.values,
            name="turbine supply (power_supply.gas_turbine_gw_per_year)",
            mode="lines+markers",
            line={"color": "#222", "dash": "dot"},
            hovertemplate="supply %{x}: %{y:,.3~r} GW<extra></extra>",
            row=1,
            col=1,
        )
    conn = ds["grid_connection_gw"].sum("site")
    fig.add_bar(
        x=ys,
        y=conn.values,
        name="grid connection in service",
        marker_color="#5b7fa6",
        hovertemplate="connections %{x}: %{y:,.3~r} GW<extra></extra>",
        row=2,
        col=1,
    )
    caps = [
        float(result.meta.get("sites", {}).get(s, {}).get("grid_import_gw") or 0.0)
        for s in sites(result)
    ]
    fig.add_scatter(
        x=ys,
        y=[sum(caps)] * len(ys),
        name="sum of the sites' grid_import_gw",
        mode="lines",
        line={"color": "#5b7fa6", "dash": "dot"},
        hovertemplate="cap %{y:,.3~r} GW<extra></extra>",
        row=2,
        col=1,
    )
    style(fig, "Limits on building power", height=520)
    fig.update_layout(
        legend={"orientation": "v", "y": 1.0, "yanchor": "top", "x": 1.02, "xanchor": "left"}
    )
    fig.update_xaxes(title_text="", row=1, col=1)
    return fig
