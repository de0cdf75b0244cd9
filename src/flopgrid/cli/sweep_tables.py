"""A sweep's tables in the terminal, fitted to its width (cli/fit.py): names whole, units
in the headers, the least needed columns left out first on a narrow terminal."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd
from rich.console import Console

from ..errors import printable
from .fit import Col, print_table
from .render import esc

if TYPE_CHECKING:
    from ..sweep.analysis import SweepData

#: a number in a claim's test ('capex_usd <= 7e12'), to print it with a prefix ('7 T')
_NUMBER = re.compile(r"(?<![\w.])\d+(\.\d+)?([eE][+-]?\d+)?(?![\w.])")


def _num(value: object) -> str:
    from ..sweep.report import fmt

    return fmt(float(value)) if isinstance(value, int | float) else str(value)


def _pct(value: float | None) -> str:
    return "-" if value is None or pd.isna(value) else f"{100 * float(value):.0f}%"


def _test_text(expr: str) -> str:
    """A claim's test as a reader reads it: 'capex_usd <= 7 T', never '7e12'."""
    from ..units import fmt_num

    def one(m: re.Match) -> str:
        v = float(m.group(0))
        return fmt_num(v) if abs(v) >= 1e4 else m.group(0)

    return _NUMBER.sub(one, expr)


def _cell(value: object, how=None) -> str:
    return esc(printable(how(value) if how else _num(value)))


def _print(console: Console, df: pd.DataFrame, title: str, cols: list[Col], how: dict) -> None:
    rows = [
        [_cell(v, how.get(c)) for c, v in zip(df.columns, r, strict=True)]
        for r in df.itertuples(index=False)
    ]
    print_table(console, cols, rows, title=esc(printable(title)))


def print_summary(data: SweepData, console: Console, metric: str = "objective_usd") -> None:
    """The sweep report's tables: counts, headline results, drivers, Morris screening, what
    binds and the claims."""
    from ..sweep import analysis
    from ..sweep.claims import METRICS
    from ..sweep.report import _missing_note

    c = data.counts
    console.print(
        f"[bold]{esc(data.sweep['sweep_id'])}[/bold]: {c['done']} done, {c['failed']} failed, "
        f"{c['pending']} pending{_missing_note(c)}"
    )
    if c["missing"]:
        m = data.missing
        runs = ", ".join(f"task {t} ({r})" for t, r in zip(m["task_no"], m["run_id"], strict=True))
        console.print(f"[yellow]left out, their runs deleted:[/yellow] {esc(runs)}")
    unit = METRICS.get(metric, "")
    dist = analysis.distributions(data)
    if not dist.empty:
        cols = [Col("metric", style="bold"), Col("unit", wrap=True, min_width=8)]
        cols += [Col("n", "right", priority=2), Col("mean", "right", priority=1)]
        cols += [Col(q, "right") for q in ("p5", "p50", "p95")]
        _print(console, dist.drop(columns=["min", "max"]), "headline results", cols, {})
    tor = analysis.tornado(data, metric)
    if not tor.empty:
        cols = [Col("factor", style="bold")]
        cols += [Col(f"{h} {unit}".strip(), "right") for h in ("low", "high", "swing")]
        cols += [Col("spearman", "right", priority=1)]
        how = {"spearman": lambda v: f"{v:+.2f}"}
        _print(console, tor, f"drivers of {metric}", cols, how)
    if data.sweep["design"].get("kind") == "morris":
        cols = [Col("factor", style="bold")]
        cols += [Col(f"{h} {unit}".strip(), "right") for h in ("mu", "mu*", "sigma")]
        cols += [Col("effects", "right", priority=1)]
        how = {"effects": lambda v: str(int(v))}
        morris = analysis.morris(data, metric)
        _print(console, morris, f"Morris screening of {metric}", cols, how)
    bn = analysis.bottleneck_shares(data)
    if not bn.empty:
        cols = [Col("family", style="bold"), Col("binds", "right", priority=2)]
        cols += [Col("share", "right"), Col("binds most", "right")]
        cols += [Col("mean rent USD", "right", priority=1)]
        how = {"binds": lambda v: str(int(v)), "share": _pct, "top_share": _pct}
        _print(console, bn, "what binds (share of futures)", cols, how)
    claims = analysis.claims(data)
    cols = [Col("claim", wrap=True, min_width=16), Col("test", wrap=True, min_width=12)]
    cols += [Col("holds", "right"), Col("futures", "right", priority=1), Col("share", "right")]
    how = {"test": _test_text, "holds": lambda v: str(int(v)), "futures": lambda v: str(int(v))}
    how["share"] = _pct
    _print(console, claims, "claims", cols, how)
