"""Figures that set several runs side by side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..units import fmt_in, fmt_num
from ._common import colour, fmt_count, fmt_usd, money_scale, run_labels, style

if TYPE_CHECKING:
    from ..results import Result

#: headline metric -> (title, unit, value from a summary, divisor)
HEADLINE_METRICS = {
    "capex": ("cash capex, all years", "B USD", lambda s: s["totals"]["capex_usd"], 1e9),
    "cost": ("system cost, NPV", "B USD", lambda s: s["objective_usd"], 1e9),
    "accelerators": (
        "peak accelerators",
        "millions",
        lambda s: s["totals"]["peak_accelerators"],
        1e6,
    ),
    "power": ("peak facility power", "GW", lambda s: s["totals"]["peak_facility_power_gw"], 1.0),
    "energy": ("energy, all years", "TWh", lambda s: s["totals"]["energy_twh"], 1.0),
    "emissions": ("emissions, all years", "Mt CO2e", lambda s: s["totals"]["emissions_mt"], 1.0),
    "fabs": ("new fabs", "count", lambda s: s["totals"]["new_fabs"], 1.0),
    "unserved": (
        "unserved compute",
        "M h100e-years",
        lambda s: s["totals"]["unserved_h100e_years"],
        1e6,
    ),
}

#: the headline panel's geometry [px]: each row of bar charts, the gap between the rows
#: (the upper row's tick labels, then the lower row's two-line titles), the space above
#: (figure title, the upper row's titles) and below the charts (ticks, then one legend line
#: a run)
PANEL_PX, GAP_PX, TOP_PX, BOTTOM_PX, LEGEND_LINE_PX = 190, 100, 110, 50, 21
#: the bars' value labels: font size [px], and the room one takes above its bar [px]
#: (a line of text; written upwards when many runs make the bars narrow)
TEXT_PX = 11
VERTICAL_TEXT_FROM = 6


def _text_room(texts: Sequence[str], upright: bool) -> float:
    """Pixels a bar's value label needs above the bar."""
    if upright:
        return TEXT_PX * 1.4 + 6
    return max(len(t) for t in texts) * TEXT_PX * 0.65 + 8


def compare_headlines(results: Sequence[Result]) -> go.Figure:
    """Headline totals of several runs, one small bar chart per metric: capex and cost
    [B USD], peak accelerators [millions], peak facility power [GW], energy [TWh],
    emissions [Mt CO2e], new fabs [count], unserved compute [M h100e-years].

    Runs are numbered (#1, #2 ... on the x axes; a legend below names them), so long run
    names never crowd the axes; each bar carries its value, and each axis reaches above
    its tallest bar far enough for the label (drawn outside the axes, not clipped). The
    rows stand ``GAP_PX`` apart, so no title runs into the ticks above it."""
    names = run_labels(list(results))
    n = len(results)
    ticks = [f"#{i}" for i in range(1, n + 1)]
    titles = [f"{t}<br>[{u}]" for t, u, _, _ in HEADLINE_METRICS.values()]
    plot_px = 2 * PANEL_PX + GAP_PX
    bottom = BOTTOM_PX + LEGEND_LINE_PX * n
    fig = make_subplots(
        rows=2,
        cols=4,
        subplot_titles=titles,
        vertical_spacing=GAP_PX / plot_px,
        horizontal_spacing=0.07,
    )
    upright = n < VERTICAL_TEXT_FROM
    for k, (title, unit, get, div) in enumerate(HEADLINE_METRICS.values()):
        row, col = divmod(k, 4)
        values = [get(r.summary) / div for r in results]
        texts = [fmt_in(v, 1.0, 3) for v in values]
        for i, (tick, name, v, text) in enumerate(zip(ticks, names, values, texts, strict=True)):
            fig.add_bar(
                x=[tick],
                y=[v],
                name=f"{tick} {name}",
                legendgroup=tick,
                showlegend=k == 0,
                marker_color=colour(i),
                text=[text],
                textposition="outside",
                textangle=0 if upright else -90,
                textfont={"size": TEXT_PX},
                cliponaxis=False,
                hovertemplate=f"{name}<br>{title}: %{{y:,.3~r}} {unit}<extra></extra>",
                row=row + 1,
                col=col + 1,
            )
        fig.update_yaxes(
            range=bar_range(values, _text_room(texts, upright)), row=row + 1, col=col + 1
        )
    style(fig, "Runs compared: headline totals", height=TOP_PX + plot_px + bottom)
    fig.update_layout(
        margin={"t": TOP_PX, "b": bottom, "l": 60, "r": 20},
        bargap=0.25,
        uniformtext={"minsize": TEXT_PX, "mode": "show"},  # labels never shrink to specks
        legend={
            "orientation": "v",
            "x": 0.0,
            "xanchor": "left",
            "y": -40 / plot_px,
            "yanchor": "top",
        },
    )
    fig.update_xaxes(type="category", title_text="", tickfont={"size": 11}, categoryorder="array")
    fig.update_xaxes(categoryarray=ticks)
    fig.update_annotations(font_size=12)
    return fig


def bar_range(values: Sequence[float], room_px: float) -> list[float]:
    """A y range from zero (or the lowest bar) that holds every bar and ``room_px`` more
    above the tallest (its label) on an axis ``PANEL_PX`` high."""
    low, high = min(0.0, *values), max(0.0, *values)
    if high - low <= 0:
        high = 1.0
    share = room_px / PANEL_PX  # of the axis the label takes
    top = (high - share * low) / (1 - share)
    return [low, top]


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
            hovertemplate=f"{name} %{{x}}: %{{y:,.3~r}} {unit}<extra></extra>",
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
            lambda s: fmt_num(s["totals"]["peak_facility_power_gw"], "GW"),
        ),
        row("Energy, all years", lambda s: fmt_num(s["totals"]["energy_twh"], "TWh")),
        row("Emissions, all years", lambda s: fmt_num(s["totals"]["emissions_mt"], "Mt CO2e")),
        row("New fabs", lambda s: fmt_num(s["totals"]["new_fabs"])),
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
