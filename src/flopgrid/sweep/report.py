"""A sweep's report: a self-contained HTML page (plotly.js embedded once) and rich tables."""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from ..units import fmt_num
from . import analysis
from .analysis import SweepData
from .claims import METRICS

HEADLINE = (
    "objective_usd",
    "capex_usd",
    "peak_accelerators",
    "peak_facility_power_gw",
    "emissions_mt",
    "new_fabs",
)


def fmt(value: float) -> str:
    """A number in 4 significant digits with k/M/B/T prefixes (never e-notation)."""
    if value is None or pd.isna(value):
        return "-"
    return fmt_num(float(value), digits=4)


def _histograms(data: SweepData) -> go.Figure:
    df = data.done
    metrics = [m for m in HEADLINE if m in df]
    fig = make_subplots(rows=2, cols=3, subplot_titles=[f"{m} [{METRICS[m]}]" for m in metrics])
    for i, m in enumerate(metrics):
        fig.add_trace(
            go.Histogram(x=df[m].astype(float), name=m, showlegend=False, nbinsx=20),
            row=i // 3 + 1,
            col=i % 3 + 1,
        )
    fig.update_layout(height=520, margin={"t": 40, "b": 20, "l": 40, "r": 20})
    return fig


def _tornado(tor: pd.DataFrame, metric: str, base: float) -> go.Figure:
    tor = tor.iloc[::-1]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(y=tor["factor"], x=tor["low"] - base, base=base, orientation="h", name="factor low")
    )
    fig.add_trace(
        go.Bar(
            y=tor["factor"], x=tor["high"] - base, base=base, orientation="h", name="factor high"
        )
    )
    fig.update_layout(
        barmode="overlay",
        height=140 + 40 * len(tor),
        xaxis_title=f"mean {metric} [{METRICS.get(metric, '')}], "
        "factor in its bottom vs top quarter",
        margin={"t": 20, "b": 40, "l": 220, "r": 20},
    )
    return fig


def _morris(mo: pd.DataFrame, metric: str) -> go.Figure:
    fig = go.Figure(
        go.Scatter(
            x=mo["mu_star"],
            y=mo["sigma"],
            text=mo["factor"],
            mode="markers+text",
            textposition="top center",
            marker={"size": 11},
        )
    )
    fig.update_layout(
        height=460,
        xaxis_title=f"mu* of {metric} (mean |elementary effect|, per unit level range)",
        yaxis_title="sigma (interaction / non-linearity)",
        margin={"t": 20, "b": 40, "l": 60, "r": 20},
    )
    return fig


def _shares(bn: pd.DataFrame) -> go.Figure:
    bn = bn.iloc[::-1]
    fig = go.Figure()
    fig.add_trace(go.Bar(y=bn["family"], x=bn["share"], orientation="h", name="binds"))
    fig.add_trace(go.Bar(y=bn["family"], x=bn["top_share"], orientation="h", name="binds most"))
    fig.update_layout(
        barmode="group",
        height=140 + 45 * len(bn),
        xaxis={"title": "share of futures", "tickformat": ".0%", "range": [0, 1]},
        margin={"t": 20, "b": 40, "l": 180, "r": 20},
    )
    return fig


def _table_html(df: pd.DataFrame, formats: dict | None = None) -> str:
    formats = formats or {}
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    body = []
    for row in df.itertuples(index=False):
        cells = []
        for col, value in zip(df.columns, row, strict=True):
            text = formats.get(col, lambda v: fmt(v) if isinstance(v, float) else str(v))(value)
            cells.append(f"<td>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _pct(v) -> str:
    return "-" if pd.isna(v) else f"{100 * float(v):.0f}%"


def report_html(data: SweepData, metric: str = "objective_usd") -> str:
    """The whole report page as one string."""
    s, design = data.sweep, data.sweep["design"]
    counts = data.counts
    sections = []

    def chart(fig: go.Figure) -> str:
        return fig.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False})

    dist = analysis.distributions(data)
    sections.append("<h2>Headline results over the futures</h2>")
    if not dist.empty:
        sections.append(chart(_histograms(data)))
        sections.append(_table_html(dist))
    tor = analysis.tornado(data, metric)
    if not tor.empty:
        base = float(data.done[metric].astype(float).mean())
        sections.append(f"<h2>What drives {html.escape(metric)}: tornado</h2>")
        sections.append(chart(_tornado(tor, metric, base)))
        sections.append(_table_html(tor, {"spearman": lambda v: f"{v:+.2f}"}))
    if design.get("kind") == "morris":
        mo = analysis.morris(data, metric)
        sections.append(f"<h2>Morris screening of {html.escape(metric)}</h2>")
        sections.append(chart(_morris(mo, metric)))
        sections.append(_table_html(mo))
    bn = analysis.bottleneck_shares(data)
    if not bn.empty:
        sections.append("<h2>What binds, in what share of futures</h2>")
        sections.append(chart(_shares(bn)))
        sections.append(_table_html(bn, {"share": _pct, "top_share": _pct}))
    cl = analysis.claims(data)
    sections.append("<h2>Which claims hold</h2>")
    sections.append(_table_html(cl, {"share": _pct}))
    missing = data.missing
    if len(missing):
        sections.append("<h2>Runs missing from the store</h2>")
        sections.append(
            "<p>These tasks finished, but their runs were deleted since; every figure above "
            "leaves them out.</p>"
        )
        sections.append(_table_html(missing[["task_no", "run_id"]].astype(str)))
    failed = data.tasks[data.tasks["status"] == "failed"]
    if len(failed):
        sections.append("<h2>Failed tasks</h2>")
        sections.append(_table_html(failed[["task_no", "error"]].astype(str)))
    vary = "".join(
        f"<li><code>{html.escape(k)}={html.escape(str(v))}</code></li>"
        for k, v in design.get("vary", {}).items()
    )
    title = f"Sweep {s['sweep_id']}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<script type="text/javascript">{get_plotlyjs()}</script>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }}
table {{ border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
code {{ background: #f4f4f4; padding: 0 0.2rem; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<p>Scenario <b>{html.escape(str(s["scenario"]))}</b>; {html.escape(design.get("kind", ""))} design,
seed {design.get("seed")}; {counts["done"]} futures planned, {counts["failed"]} failed,
{counts["pending"]} pending{_missing_note(counts)}.</p>
<ul>{vary}</ul>
{"".join(sections)}
</body></html>
"""


def _missing_note(counts: dict) -> str:
    n = counts.get("missing", 0)
    return f", {n} run{'s' if n != 1 else ''} missing (deleted from the store)" if n else ""


def write_report(data: SweepData, path: Path, metric: str = "objective_usd") -> Path:
    """Write the report atomically (a temporary file, then renamed)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(report_html(data, metric))
    os.replace(tmp, path)
    return path
