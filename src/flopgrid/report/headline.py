"""The headline figures of a run: a few numbers a reader sees first."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from ..results.summary import npv_basis, unserved_penalty_pv_usd
from ..units import fmt_num
from ._common import fmt_count, fmt_usd, style

if TYPE_CHECKING:
    from ..results import Result


def headline_rows(result: Result) -> list[tuple[str, str]]:
    """The headline figures as (label, formatted value with unit) pairs."""
    s = result.summary
    t, by = s["totals"], s["by_year"]
    ys = s["years"]
    demand = sum(by["demand_h100e"])
    unserved = t["unserved_h100e_years"]
    served = 100.0 * (1 - unserved / demand) if demand > 0 else 100.0
    peak_i = int(np.argmax(by["facility_power_gw"])) if ys else 0
    rows = [
        ("Years", f"{ys[0]}–{ys[-1]}" if len(ys) > 1 else str(ys[0])),
        ("Solver status", str(s["status"])),
        (f"System cost (net present value {npv_basis(s)})", fmt_usd(s["objective_usd"])),
        *_penalty_row(s),
        ("Cash capex, all years", fmt_usd(t["capex_usd"])),
        ("Peak accelerators in service", fmt_count(t["peak_accelerators"])),
        (
            "Peak IT / facility power",
            f"{fmt_num(max(by['it_power_gw']))} / {fmt_num(t['peak_facility_power_gw'], 'GW')}"
            f" ({ys[peak_i]})",
        ),
        ("Energy used, all years", fmt_num(t["energy_twh"], "TWh")),
        ("Emissions, all years", fmt_num(t["emissions_mt"], "Mt CO2e")),
        ("New fabs built", fmt_num(t["new_fabs"])),
        ("Compute demand served", f"{served:.1f}% ({fmt_count(unserved)} h100e-years unserved)"),
        ("Peak land used", fmt_num(max(by["land_km2"]), "km²")),
        *_water_row(t),
        ("Peak construction jobs", fmt_count(max(by["construction_jobs"]))),
    ]
    if s["bottlenecks"]:
        top = s["bottlenecks"][0]
        rows.append(("Largest bottleneck", top["explanation"]))
    return rows


def _penalty_row(summary: dict) -> list[tuple[str, str]]:
    penalty = unserved_penalty_pv_usd(summary)
    if penalty < 0.5:
        return []
    return [
        (
            "of which the penalty on unserved compute",
            f"{fmt_usd(penalty)} (a price on compute not served, not cash)",
        )
    ]


def _water_row(totals: dict) -> list[tuple[str, str]]:
    if "water_consumption_gl" not in totals:
        return []
    return [
        (
            "Water, all years (own + for grid energy)",
            f"{fmt_num(totals['water_consumption_gl'], 'GL')} consumed, "
            f"{fmt_num(totals['water_withdrawal_gl'], 'GL')} withdrawn",
        )
    ]


def headline(result: Result) -> go.Figure:
    """The headline figures as a table (the HTML report renders them as an HTML table)."""
    rows = headline_rows(result)
    fig = go.Figure(
        go.Table(
            columnwidth=[1, 2],
            header={"values": ["", "value"], "fill_color": "#f0f3f7", "align": "left"},
            cells={"values": [[r[0] for r in rows], [r[1] for r in rows]], "align": "left"},
        )
    )
    style(fig, f"Headline: {result.summary['scenario']}", height=60 + 34 * len(rows))
    return fig
