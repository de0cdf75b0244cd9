"""The self-contained HTML report: one file, plotly.js embedded once, no network needed.

``write_report`` writes the report of one run, ``write_comparison`` sets several
runs side by side. Both write atomically (a temporary sibling, then ``os.replace``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from html import escape
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from ..units import fmt_change, fmt_num, fmt_plain
from ._common import fmt_usd, run_labels
from .compare import compare_headlines, compare_series, headline_table
from .figures import FIGURES, headline_rows
from .geo import world_topojson
from .page import chart, page, table, text, write_atomic
from .sources import DATASET_GROUPS, assumptions, fmt_value, iter_sources, site_rows

if TYPE_CHECKING:
    from ..results import Result


#: figure name -> (section, caption) in report order
_SECTIONS = {
    "bottleneck_timeline": (
        "What binds",
        "Rent = |shadow price| x size of the limit: how much the limit adds to system cost"
        " (present value). Hover a bar for the explanation; the list ranks every binding"
        " limit.",
    ),
    "accelerators_by_generation": ("Build-out over time", ""),
    "it_power_by_site": ("Build-out over time", ""),
    "new_fabs": ("Build-out over time", ""),
    "chip_supply": (
        "Build-out over time",
        "Compute shipped by product family, and the share of each wafer, CoWoS and HBM pool's"
        " supply for AI that the accelerators made use; hover for the limits that bind.",
    ),
    "power_mix": ("Power", "Use the menu at the top right to pick a site."),
    "typical_week": (
        "Power",
        "The plan's time slices hour by hour in its last year: the representative days"
        " laid out in calendar order (with --hours full, the hours themselves). Stored"
        " energy is on the right axis. The menu picks a site and the typical week or the"
        " week of the worst wind and solar lull.",
    ),
    "power_build_limits": (
        "Power",
        "Turbines count in the year their plant enters service; a new grid connection serves"
        " only once the site's interconnection queue allows.",
    ),
    "water_by_site": (
        "Water",
        "On site: cooling (IT energy x the design's water per kWh) + on-site plants; grid"
        " energy: the country's grid water per kWh (low confidence). A site's cap, where set,"
        " limits its own withdrawal.",
    ),
    "site_map": ("Power", ""),
    "capex_by_class": ("Money", "Cash spent in the year it is spent, not discounted."),
    "supply_chain_sankey": ("Supply chain", ""),
    "tenant_costs": (
        "Who pays, who benefits",
        "Shared site costs are split among tenants by their share of the site's IT power"
        " (or by marginal value, finance.allocation); each tenant's own accelerators are its own.",
    ),
    "member_cash_flows": (
        "Who pays, who benefits",
        "Members own their shares of each asset class (or of a site); revenue is the offtake"
        " price x compute served; the last year adds the undepreciated value of assets.",
    ),
    "capital_sankey": ("Who pays, who benefits", ""),
}


def _offline_geo(fig: go.Figure) -> go.Figure:
    """Without the embedded base map, draw no base layers so plotly.js fetches nothing."""
    if world_topojson() is None:
        fig.update_geos(showland=False, showcountries=False, showcoastlines=False, showocean=False)
    return fig


def _bottleneck_list(result: Result, top: int = 10) -> str:
    items = result.summary["bottlenecks"]
    if not items:
        return "<p>No constraint binds: no limited resource would lower system cost.</p>"

    def li(b: dict) -> str:
        yrs = b["years"]
        span = str(yrs[0]) if len(yrs) == 1 else f"{yrs[0]}–{yrs[-1]}"
        return (
            f'<li><span class="years">{escape(span)}</span> '
            f"{text(b['explanation'][0].upper() + b['explanation'][1:])}"
            f' <span class="rent">rent {escape(fmt_usd(b["rent_usd"]))}</span></li>'
        )

    html = '<ol class="bottlenecks">' + "".join(li(b) for b in items[:top]) + "</ol>"
    if len(items) > top:
        rest = "".join(li(b) for b in items[top:])
        html += (
            f"<details><summary>{len(items) - top} more binding constraints</summary>"
            f'<ol class="bottlenecks" start="{top + 1}">{rest}</ol></details>'
        )
    return html


def _marginal_values(result: Result, top: int = 12) -> str:
    """What one more unit of each balance is worth (energy at a site, data-center capacity,
    generating capacity): the duals that are prices, not bottlenecks."""
    values = result.summary.get("marginal_values") or {}
    ys = result.summary["years"]
    rows = []
    for info in values.values():
        for place, series in info["by_place"].items():
            active = [v for v in series if v > 0]
            rows.append(
                (
                    info["label"],
                    place,
                    info["unit"],
                    fmt_plain(series[0], 3),
                    fmt_plain(series[-1], 3),
                    fmt_plain(sum(active) / len(active), 3) if active else "0",
                )
            )
    if not rows:
        return ""
    rows.sort(key=lambda r: (r[0], r[1]))
    head = ["what", "where", "unit", str(ys[0]), str(ys[-1]), "mean where > 0"]
    intro = (
        "<h3>Marginal values</h3><p>What one more unit of each balance is worth to the"
        " plan (present value): prices the plan pays at the margin, not limits.</p>"
    )
    more = f"<p>{len(rows) - top} more rows in summary.json (marginal_values).</p>"
    return intro + table(head, rows[:top]) + (more if len(rows) > top else "")


def _sources_html(result: Result) -> str:
    rows = iter_sources(result.scenario)
    if not rows:
        return "<p>The scenario cites no sources.</p>"
    order = ["scenario", *sorted({r.group for r in rows} - {"scenario"}, key=_group_key)]
    parts = []
    for group in order:
        members = [r for r in rows if r.group == group]
        if not members:
            continue
        grouped = table(
            ["field", "value", "source", "confidence"],
            [(r.path, fmt_value(r.value), r.source, r.confidence or "—") for r in members],
            cls="sources",
        )
        is_open = "" if group in DATASET_GROUPS else " open"
        parts.append(
            f'<details class="group"{is_open}><summary>{escape(group)} '
            f'<span class="count">{len(members)} sourced values</span></summary>'
            f"{grouped}</details>"
        )
    return (
        f"<p>{len(rows)} values of the resolved scenario carry a source. "
        "Dataset sections shared by every scenario are folded; click to open.</p>" + "".join(parts)
    )


def _group_key(g: str) -> tuple[int, str]:
    return (g in DATASET_GROUPS, g)


def _verdict(value: float, low: float, high: float) -> str:
    """'within', 'above', 'below' a range; against one published value, the difference
    ('+0.5%'): no model lands on a point, and 'above' would hide how close it is."""
    if low == high and low != 0:
        return fmt_change(value / low - 1)
    if low <= value <= high:
        return "within"
    return "above" if value > high else "below"


def _comparisons_html(result: Result) -> str:
    """The run's headline figures beside the published references that bear on them."""
    from ..audit.compare import comparisons

    rows = []
    for c in comparisons(result):
        low, high = c["reference_range"]
        span = f"{low:g}" if low == high else f"{low:g}-{high:g}"
        value = c["flopgrid_value"]
        verdict = c.get("verdict") or _verdict(value, low, high)
        rows.append(
            [
                c["metric"],
                fmt_num(value, c["unit"]),
                f"{span} {c['unit']}",
                verdict,
                c["reference"],
                c.get("note", ""),
            ]
        )
    if not rows:
        return ""
    intro = (
        "<p>Published figures that bear on this run's headline numbers (sources in the "
        "claims audit, <code>flopgrid audit</code>).</p>"
    )
    return intro + table(["metric", "flopgrid", "published range", "", "references", "note"], rows)


def report_html(result: Result) -> str:
    """The report of one run as an HTML document."""
    s, scn = result.summary, result.scenario
    name = s["scenario"]
    sections: list[tuple[str, str, list[str]]] = [
        ("headline", "Headline", [table(["", ""], headline_rows(result), cls="headline")])
    ]
    if scn.get("description"):
        sections[0][2].append(
            f'<details class="about" open><summary>About this scenario</summary>'
            f"<p>{text(scn['description'])}</p></details>"
        )
    charts = []
    for fig_name, fn in FIGURES.items():
        fig = fn(result)
        if fig_name == "site_map":
            fig = _offline_geo(fig)
        section, caption = _SECTIONS[fig_name]
        if fig_name == "power_mix" and result.data.sizes["site"] < 2:
            caption = ""
        charts.append((section, chart(fig_name, fig, caption)))
        if fig_name == "bottleneck_timeline":
            charts.append((section, _bottleneck_list(result)))
            charts.append((section, _marginal_values(result)))
    for section, items in groupby(charts, key=lambda c: c[0]):
        sid = re.sub(r"[^a-z0-9]+", "-", section.lower()).strip("-")
        sections.append((sid, section, [html for _, html in items]))
    compared = _comparisons_html(result)
    if compared:
        sections.append(("compare", "How this compares", [compared]))
    sites = site_rows(result)
    sections.append(
        (
            "assumptions",
            "Assumptions and sources",
            [
                "<h3>Key assumptions</h3>",
                table(["", ""], assumptions(result), cls="kv"),
                "<h3>Sites</h3>",
                table(list(sites[0]), [list(r.values()) for r in sites]) if sites else "",
                "<h3>Sources</h3>",
                _sources_html(result),
            ],
        )
    )
    body = "".join(
        f'<section id="{sid}"><h2>{escape(t)}</h2>{"".join(parts)}</section>'
        for sid, t, parts in sections
    )
    title = scn.get("title") or name
    sub = escape(
        f"scenario {name} · run {s.get('run_id') or 'not saved'} · status {s['status']}"
        f" · flopgrid {s['flopgrid_version']}"
    )
    return page(f"flopgrid: {title}", [(sid, t) for sid, t, _ in sections], body, sub)


def comparison_html(results: Sequence[Result]) -> str:
    """A report that sets several runs side by side, as an HTML document."""
    if len(results) < 2:
        raise ValueError("a comparison needs at least two results")
    names, rows = headline_table(results)
    series = [
        ("facility_power_gw", "Facility power", "GW"),
        ("accelerators", "Accelerators in service", "accelerators"),
        ("capex_usd", "Cash capex per year", "USD"),
        ("energy_twh", "Energy used", "TWh"),
        ("emissions_mt", "Emissions", "Mt CO2e"),
        ("unserved_h100e", "Unserved compute", "h100e"),
    ]
    charts = [chart("compare-headlines", compare_headlines(results))]
    charts += [
        chart(f"compare-{key}", compare_series(results, key, title, unit))
        for key, title, unit in series
    ]
    binds = "".join(
        f"<h3>{escape(n)}</h3>{_bottleneck_list(r, top=5)}"
        for n, r in zip(names, results, strict=True)
    )
    assumed = [dict(assumptions(r)) for r in results]
    keys = list(dict.fromkeys(k for a in assumed for k in a))
    sections = [
        ("headline", "Headline", table(["", *names], [[k, *v] for k, v in rows], "compare")),
        ("over-time", "Over time", "".join(charts)),
        ("what-binds", "What binds", binds),
        (
            "assumptions",
            "Assumptions",
            table(["", *names], [[k, *(a.get(k, "—") for a in assumed)] for k in keys], "compare")
            + "<p>Each run's own report lists its sources.</p>",
        ),
    ]
    body = "".join(
        f'<section id="{sid}"><h2>{escape(t)}</h2>{html}</section>' for sid, t, html in sections
    )
    sub = escape(f"{len(results)} runs: " + "; ".join(run_labels(list(results))))
    return page("flopgrid: runs compared", [(sid, t) for sid, t, _ in sections], body, sub)


def write_report(result: Result, path: str | os.PathLike) -> Path:
    """Write the self-contained HTML report of one run (plan or dispatch) to ``path``."""
    if result.kind == "dispatch":
        from .dispatch import dispatch_report_html

        return write_atomic(Path(path), dispatch_report_html(result))
    return write_atomic(Path(path), report_html(result))


def write_comparison(results: Sequence[Result], path: str | os.PathLike) -> Path:
    """Write a self-contained HTML report comparing several runs; returns the path."""
    return write_atomic(Path(path), comparison_html(list(results)))
