"""The report's figures: one pure function per figure, a Result in, a plotly Figure out.

Every function reads only ``result.data`` (user units), ``result.summary``,
``result.meta`` and ``result.scenario``; none solves anything. Each handles
single-year and single-site results and empty series by drawing what exists
and saying what is absent. ``ResultPlots`` gathers them for notebooks
(``flopgrid.plots(result).power_mix()``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..results.bottlenecks import families_of
from ._common import (
    ASSET_COLOURS,
    GRID_IMPORT,
    colour,
    gen_colour,
    label,
    money_scale,
    nonzero,
    note,
    site_colour,
    sites,
    style,
    tech_colour,
    years,
)
from .chain import site_map, supply_chain_sankey
from .chips import chip_supply
from .compare import compare_headlines, compare_series
from .figures_power import power_build_limits, water_by_site
from .finance import capital_sankey, member_cash_flows, tenant_costs
from .headline import headline, headline_rows
from .slices import typical_week

if TYPE_CHECKING:
    from ..results import Result

__all__ = [
    "FIGURES",
    "accelerators_by_generation",
    "bottleneck_timeline",
    "capex_by_class",
    "chip_supply",
    "compare_headlines",
    "compare_series",
    "headline",
    "headline_rows",
    "it_power_by_site",
    "new_fabs",
    "power_build_limits",
    "power_mix",
    "site_map",
    "supply_chain_sankey",
    "typical_week",
    "water_by_site",
]


def accelerators_by_generation(result: Result) -> go.Figure:
    """Accelerators in service by generation and year [accelerators]; stacked bars.

    Hover gives the accelerators bought that year [accelerators] and the compute they
    deliver [h100e].
    """
    ds, ys = result.data, years(result)
    fleet = ds["accelerators_in_service"].sum("site")
    built = ds["accelerators_built"].sum("site")
    fig = go.Figure()
    for g in ds["gen"].values:
        y = fleet.sel(gen=g).values
        if not nonzero(y):
            continue
        h100e = y * float(ds["acc_h100e"].sel(gen=g))
        fig.add_bar(
            x=ys,
            y=y,
            name=str(g),
            marker_color=gen_colour(result, str(g)),
            customdata=np.stack([built.sel(gen=g).values, h100e], axis=-1),
            hovertemplate=f"<b>{g}</b> %{{x}}<br>in service %{{y:,.0f}}<br>"
            "bought %{customdata[0]:,.0f}<br>compute %{customdata[1]:,.0f} h100e<extra></extra>",
        )
    style(fig, "Accelerators in service by generation", "accelerators")
    fig.update_layout(barmode="stack")
    if not fig.data:
        note(fig, "No accelerators in service in this plan")
    return fig


def it_power_by_site(result: Result) -> go.Figure:
    """IT power in service by site and year [GW]; stacked bars, with total facility power
    (IT x PUE) [GW] as a line."""
    ds, ys = result.data, years(result)
    fig = go.Figure()
    for s in sites(result):
        y = ds["it_power_gw"].sel(site=s).values
        if not nonzero(y):
            continue
        fig.add_bar(
            x=ys,
            y=y,
            name=s,
            marker_color=site_colour(result, s),
            hovertemplate=f"<b>{s}</b> %{{x}}<br>IT power %{{y:,.3~r}} GW<extra></extra>",
        )
    if not fig.data:
        return note(style(fig, "IT power by site"), "No data-center capacity in this plan")
    fig.add_scatter(
        x=ys,
        y=ds["facility_power_gw"].sum("site").values,
        name="facility power, all sites (incl. cooling)",
        mode="lines+markers",
        line={"color": "#222", "dash": "dot"},
        hovertemplate="facility power %{x}: %{y:,.3~r} GW<extra></extra>",
    )
    style(fig, "IT power by site", "GW")
    fig.update_layout(barmode="stack")
    return fig


def new_fabs(result: Result) -> go.Figure:
    """New leading-edge fabs built and in service per year [fabs] (top) and wafers used
    versus wafers available to AI accelerators [wafers per year] (bottom)."""
    by, ys = result.summary["by_year"], years(result)
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        subplot_titles=("fabs [count]", "leading-edge wafers [wafers per year]"),
    )
    fig.add_bar(
        x=ys,
        y=by["new_fabs"],
        name="new fabs started",
        marker_color="#CC79A7",
        hovertemplate="%{x}: %{y:,.3~r} new fabs started<extra></extra>",
        row=1,
        col=1,
    )
    fig.add_scatter(
        x=ys,
        y=by["fabs_in_service"],
        name="new fabs in service",
        mode="lines+markers",
        line={"color": "#882255"},
        hovertemplate="%{x}: %{y:,.3~r} new fabs in service<extra></extra>",
        row=1,
        col=1,
    )
    fig.add_scatter(
        x=ys,
        y=by["wafers_available"],
        name="wafers available",
        mode="lines+markers",
        line={"color": "#999999", "dash": "dash"},
        hovertemplate="%{x}: %{y:,.0f} wafers available<extra></extra>",
        row=2,
        col=1,
    )
    fig.add_bar(
        x=ys,
        y=by["wafers_used"],
        name="wafers used",
        marker_color="#0072B2",
        hovertemplate="%{x}: %{y:,.0f} wafers used<extra></extra>",
        row=2,
        col=1,
    )
    style(fig, "Chip supply: new fabs and wafers", height=520)
    fig.update_layout(
        legend={"orientation": "v", "y": 1.0, "yanchor": "top", "x": 1.02, "xanchor": "left"}
    )
    fig.update_yaxes(rangemode="tozero")
    fig.update_xaxes(title_text="", row=1, col=1)
    if not nonzero(by["new_fabs"]) and not nonzero(by["fabs_in_service"]):
        fig.add_annotation(
            text="no new fabs in this plan",
            xref="x domain",
            yref="y domain",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"color": "#555"},
        )
    return fig


def _mix_traces(result: Result, site: str | None) -> list[go.BaseTraceType]:
    """Generation by technology, grid import [TWh] and facility energy use [TWh] for one
    site, or all sites when ``site`` is None."""
    ds, ys = result.data, years(result)
    sel = (lambda da: da.sum("site")) if site is None else (lambda da: da.sel(site=site))
    where = site or "all sites"
    traces: list[go.BaseTraceType] = []
    gen = sel(ds["generation_twh"])
    for i, t in enumerate(ds["tech"].values):
        y = gen.sel(tech=t).values
        if nonzero(y):
            traces.append(
                go.Bar(
                    x=ys,
                    y=y,
                    name=label(t),
                    marker_color=tech_colour(str(t), i),
                    hovertemplate=f"{where}, {label(t)} %{{x}}: %{{y:,.3~r}} TWh<extra></extra>",
                )
            )
    grid = sel(ds["grid_import_twh"]).values
    if nonzero(grid):
        traces.append(
            go.Bar(
                x=ys,
                y=grid,
                name=GRID_IMPORT,
                marker_color=tech_colour("grid"),
                hovertemplate=f"{where}, grid import %{{x}}: %{{y:,.3~r}} TWh<extra></extra>",
            )
        )
    traces.append(
        go.Scatter(
            x=ys,
            y=sel(ds["energy_twh"]).values,
            name="facility energy use",
            mode="lines+markers",
            line={"color": "#222", "dash": "dot"},
            hovertemplate=f"{where}, energy used %{{x}}: %{{y:,.3~r}} TWh<extra></extra>",
        )
    )
    return traces


def power_mix(result: Result) -> go.Figure:
    """Electricity supply per site and year [TWh]: on-site generation by technology and
    grid import as stacked bars, facility energy use as a line; a menu picks the site."""
    choices: list[str | None] = (
        [None, *sites(result)] if len(sites(result)) > 1 else [*sites(result)]
    )
    fig = go.Figure()
    groups = []
    for c in choices:
        traces = _mix_traces(result, c)
        groups.append(len(traces))
        for tr in traces:
            tr.visible = c == choices[0]
            fig.add_trace(tr)
    style(fig, "Power mix", "TWh per year", height=460)
    fig.update_layout(barmode="stack")
    if len(choices) == 1:
        fig.update_layout(title_text=f"Power mix: {choices[0]}")
    else:
        buttons = []
        start = 0
        for c, n in zip(choices, groups, strict=True):
            vis = [False] * len(fig.data)
            vis[start : start + n] = [True] * n
            start += n
            buttons.append(
                {
                    "label": c or "all sites",
                    "method": "update",
                    "args": [{"visible": vis}, {"title.text": f"Power mix: {c or 'all sites'}"}],
                }
            )
        fig.update_layout(
            title_text="Power mix: all sites",
            updatemenus=[
                {"buttons": buttons, "x": 1.0, "xanchor": "right", "y": 1.18, "yanchor": "top"}
            ],
        )
    if not nonzero(result.data["energy_twh"].values.ravel()):
        note(fig, "No energy used in this plan")
    return fig


def capex_by_class(result: Result) -> go.Figure:
    """Cash capital spending per year by asset class (accelerators, data centers, power,
    fabs) [USD, undiscounted; axis in B USD or the unit that fits]; stacked bars."""
    by_class, ys = result.summary["capex_by_class_usd"], years(result)
    peak = max((sum(v) for v in zip(*by_class.values(), strict=True)), default=0.0)
    scale, unit = money_scale(peak)
    fig = go.Figure()
    for i, (cls, vals) in enumerate(by_class.items()):
        if not nonzero(vals):
            continue
        fig.add_bar(
            x=ys,
            y=[v / scale for v in vals],
            name=label(cls),
            marker_color=ASSET_COLOURS.get(cls, colour(i)),
            hovertemplate=f"{label(cls)} %{{x}}: %{{y:,.3~r}} {unit}<extra></extra>",
        )
    style(fig, "Cash capex per year by asset class", f"{unit} (cash, undiscounted)")
    fig.update_layout(barmode="stack")
    if not fig.data:
        note(fig, "No capital spending in this plan")
    return fig


def _wrap(text: str, width: int = 90) -> str:
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(lines)


def bottleneck_timeline(result: Result) -> go.Figure:
    """Rent of each binding constraint family per year [USD, present value; axis scaled]:
    |shadow price| x the size of the limit, stacked; hover gives the explanations."""
    s, ys = result.summary, years(result)
    timeline = {k: v for k, v in s["bottleneck_timeline_usd"].items() if nonzero(v, 1e-3)}
    peak = max((sum(v) for v in zip(*timeline.values(), strict=True)), default=0.0)
    scale, unit = money_scale(peak)
    fig = go.Figure()
    records = families_of(result.meta)
    for i, (fam, rents) in enumerate(timeline.items()):
        name = records[fam].label if fam in records else label(fam)
        texts = []
        for y in ys:
            items = [b for b in s["bottlenecks"] if b["constraint"] == fam and y in b["years"]]
            lines = [_wrap("• " + b["explanation"]) for b in items[:3]]
            if len(items) > 3:
                lines.append(f"… and {len(items) - 3} more")
            texts.append("<br>".join(lines) or "does not bind")
        fig.add_bar(
            x=ys,
            y=[r / scale for r in rents],
            name=name,
            marker_color=colour(i),
            customdata=texts,
            hovertemplate=f"<b>{name}</b> %{{x}}: rent %{{y:,.3~r}} {unit}<br>"
            "%{customdata}<extra></extra>",
        )
    style(fig, "What binds: rent of each constraint per year", f"{unit} (present value)")
    fig.update_layout(barmode="stack", hoverlabel={"align": "left"})
    if not fig.data:
        note(fig, "No constraint binds: more of any limited resource would not lower cost")
    return fig


#: figure name -> function, in report order
FIGURES = {
    "bottleneck_timeline": bottleneck_timeline,
    "accelerators_by_generation": accelerators_by_generation,
    "it_power_by_site": it_power_by_site,
    "new_fabs": new_fabs,
    "chip_supply": chip_supply,
    "power_mix": power_mix,
    "typical_week": typical_week,
    "power_build_limits": power_build_limits,
    "water_by_site": water_by_site,
    "site_map": site_map,
    "capex_by_class": capex_by_class,
    "supply_chain_sankey": supply_chain_sankey,
    "tenant_costs": tenant_costs,
    "member_cash_flows": member_cash_flows,
    "capital_sankey": capital_sankey,
}
