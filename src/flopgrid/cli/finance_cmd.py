"""`flopgrid finance RUN`: who uses the capacity, who pays, who benefits."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import FlopgridError
from ..safety import DEFAULT_STORE
from ..units import column_unit, fmt_count, fmt_in
from .fit import Col, print_table
from .render import esc


def _money_col(values: list[float]) -> tuple[float, str]:
    """One prefixed USD unit for a column of money (its largest value decides)."""
    return column_unit(values, "USD")


def tenant_table(summary: dict) -> tuple[list[Col], list[list[str]], str]:
    """Each tenant's compute and cost: columns, rows and title (for ``print_table``)."""
    tenants = summary["by_tenant"]
    cost_scale, cost_unit = _money_col([v["cost_pv_usd"] for v in tenants.values()])
    pen_scale, pen_unit = _money_col([v["unserved_penalty_pv_usd"] for v in tenants.values()])
    cols = [
        Col("tenant", style="bold"),
        Col("served h100e-yr", "right"),
        Col("unserved h100e-yr", "right"),
        Col(f"cost (NPV) {cost_unit}", "right"),
        Col("USD / h100e-yr", "right"),
        Col("USD / acc-hour", "right", priority=1),
        Col(f"unserved penalty (NPV) {pen_unit}", "right"),
    ]
    rows = []
    for name, v in tenants.items():
        per = v.get("usd_per_h100e_year")
        hour = v.get("usd_per_accelerator_hour")
        rows.append(
            [
                esc(name),
                fmt_count(sum(v.get("delivered_h100e", []))),
                fmt_count(sum(v.get("unserved_h100e", []))),
                fmt_in(v["cost_pv_usd"], cost_scale),
                "n/a" if per is None else f"{per:,.0f}",
                "n/a" if hour is None else f"{hour:.2f}",
                fmt_in(v["unserved_penalty_pv_usd"], pen_scale),
            ]
        )
    return (
        cols,
        rows,
        (
            "tenants: compute served and its cost; USD per h100e-yr and per acc-hour are "
            "levelised (cost NPV / NPV of what is served)"
        ),
    )


def member_table(summary: dict) -> tuple[list[Col], list[list[str]], str]:
    """Each member's cash flows: columns, rows and title (for ``print_table``)."""
    from ..results.members import irr_text, payback_text  # numpy, xarray: not at CLI start

    members = summary["by_member"]
    money = {
        "capex": [sum(m["capex_usd"]) for m in members.values()],
        "opex": [sum(m["opex_usd"]) for m in members.values()],
        "revenue": [sum(m["revenue_usd"]) for m in members.values()],
        "NPV": [m["npv_usd"] for m in members.values()],
    }
    units = {k: _money_col(v) for k, v in money.items()}
    cols = [Col("member", style="bold")]
    cols += [Col(f"{k} {units[k][1]}", "right") for k in money]
    cols += [
        Col("IRR", "right", wrap=True, min_width=10),
        Col("payback", "right", wrap=True, min_width=8),
    ]
    rows = []
    last = (summary.get("years") or [None])[-1]
    for i, (name, m) in enumerate(members.items()):
        cells = [fmt_in(money[k][i], units[k][0]) for k in money]
        rows.append([esc(name), *cells, irr_text(m), payback_text(m, last)])
    return cols, rows, f"members: cash flows over the horizon{_member_basis(summary)}"


def _member_basis(summary: dict) -> str:
    """' (sums undiscounted; NPV at 7%/yr to 2025)': the members' rate is the finance cost
    of capital, which need not be the plan's discount rate."""
    rates = {m.get("npv_rate") for m in summary["by_member"].values()} - {None}
    years = summary.get("years") or []
    if len(rates) != 1 or not years:
        return ""
    return f" (sums undiscounted; NPV at {100 * rates.pop():.3g}%/yr to {years[0]})"


def finance_command(
    run: Annotated[str, typer.Argument(help="Run id, unique prefix, or run folder.")],
    store: Annotated[
        Path, typer.Option("--store", help="Run store (DuckDB file).")
    ] = DEFAULT_STORE,
) -> None:
    """Each tenant's compute and cost; each member's cash flows, NPV, IRR and payback."""
    from . import fail
    from .runs_cmd import _open

    console = Console()
    try:
        result = _open(run, store)
    except (FlopgridError, FileNotFoundError) as exc:
        fail(exc)
    summary = result.summary
    cols, rows, title = tenant_table(summary)
    print_table(console, cols, rows, title=title)
    if summary.get("by_member"):
        cols, rows, title = member_table(summary)
        print_table(console, cols, rows, title=title)
    else:
        console.print("no consortium members in this scenario (finance.members)")
