"""Figures that set several runs side by side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ._common import colour, fmt_count, fmt_usd, money_scale, run_labels, style

if TYPE_CHECKING:
    from ..results import Result

#: headline metric -> (title with unit, value from a summary, divisor)
HEADLINE_METRICS = {
    "capex": ("cash capex, all years [B USD]", lambda s: s["totals"]["capex_usd"], 1e9),
    "cost": ("system cost, NPV [B USD]", lambda s: s["objective_usd"], 1e9),
    "accelerators": (
        "peak accelerators [millions]",
        lambda s: s["totals"]["peak_accelerators"],
        1e6,
    ),
    "power": ("peak facility power [GW]", lambda s: s["totals"]["peak_facility_power_gw"], 1.0),
    "energy": ("energy, all years [TWh]", lambda s: s["totals"]["energy_twh"], 1.0),
    "emissions": ("emissions, all years [Mt CO2e]", lambda s: s["totals"]["emissions_mt"], 1.0),
    "fabs": ("new fabs [count]", lambda s: s["totals"]["new_fabs"], 1.0),
    "unserved": (
        "unserved compute [M h100e-years]",
        lambda s: s["totals"]["unserved_h100e_years"],
        1e6,
    ),
}


def compare_headlines(results: Sequence[Result]) -> go.Figure:
    """Headline totals of several runs, one small bar chart per metric: capex and cost
    [B USD], peak accelerators [millions], peak facility power [GW], energy [TWh],
    emissions [Mt CO2e], new fabs [count], unserved compute [M h100e-years]."""
    names = run_labels(list(results))
    titles = [m[0] for m in HEADLINE_METRICS.values()]
    fig = make_subplots(rows=2, cols=4, subplot_titles=titles, vertical_spacing=0.22)
    for k, (title, get, div) in enumerate(HEADLINE_METRICS.values()):
        row, col = divmod(k, 4)
        fig.add_bar(
            x=names,
            y=[get(r.summary) / div for r in results],
            marker_color=[colour(i) for i in range(len(results))],
            hovertemplate=f"%{{x}}<br>{title}: %{{y:.3g}}<extra></extra>",
            showlegend=False,
            row=row + 1,
            col=col + 1,
        )
    style(fig, "Runs compared: headline totals", height=560)
    fig.update_xaxes(type="category", title_text="", showticklabels=len(results) <= 4)
    fig.update_yaxes(rangemode="tozero")
    fig.update_annotations(font_size=12)
    return fig


def compare_series(results: Sequence[Result], key: str, title: str, unit: str) -> go.Figure:
    """One ``summary['by_year']`` series of several runs as lines [unit of the series;
    money series in USD are shown in the B/M USD that fits]."""
    names = run_labels(list(results))
    values = [r.summary["by_year"][key] for r in results]
    scale = 1.0
    if unit == "USD":
        scale, unit = money_scale(max((max(v) for v in values if v), default=0.0))
    fig = go.Figure()
    for i, (r, name, v) in enumerate(zip(results, names, values, strict=True)):
        fig.add_scatter(
            x=r.summary["years"],
            y=[x / scale for x in v],
            name=name,
            mode="lines+markers",
            line={"color": colour(i)},
            hovertemplate=f"{name} %{{x}}: %{{y:.3g}} {unit}<extra></extra>",
        )
    style(fig, title, unit)
    fig.update_xaxes(type="linear", dtick=1, tickformat="d")
    return fig


def headline_table(results: Sequence[Result]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Run names and rows (label, one formatted value per run) for the comparison table."""
    names = run_labels(list(results))
    sums = [r.summary for r in results]

    def row(lbl: str, fn) -> tuple[str, list[str]]:
        return lbl, [fn(s) for s in sums]

    rows = [
        row("Years", lambda s: f"{s['years'][0]}–{s['years'][-1]}"),
        row("Status", lambda s: str(s["status"])),
        row("System cost (NPV)", lambda s: fmt_usd(s["objective_usd"])),
        row("Cash capex, all years", lambda s: fmt_usd(s["totals"]["capex_usd"])),
        row("Peak accelerators", lambda s: fmt_count(s["totals"]["peak_accelerators"])),
        row(
            "Peak facility power",
            lambda s: f"{s['totals']['peak_facility_power_gw']:.3g} GW",
        ),
        row("Energy, all years", lambda s: f"{s['totals']['energy_twh']:.3g} TWh"),
        row("Emissions, all years", lambda s: f"{s['totals']['emissions_mt']:.3g} Mt CO2e"),
        row("New fabs", lambda s: f"{s['totals']['new_fabs']:.3g}"),
        row(
            "Unserved compute",
            lambda s: f"{fmt_count(s['totals']['unserved_h100e_years'])} h100e-years",
        ),
        row("Sites", lambda s: str(len(s["by_site"]))),
        row(
            "Largest bottleneck",
            lambda s: s["bottlenecks"][0]["explanation"] if s["bottlenecks"] else "none binds",
        ),
    ]
    return names, rows
