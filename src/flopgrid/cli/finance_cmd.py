"""`flopgrid finance RUN`: who uses the capacity, who pays, who benefits."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..errors import FlopgridError
from ..results.bottlenecks import fmt_usd
from ..results.store import DEFAULT_STORE
from ..results.summary import fmt_count
from .render import esc


def _pct(v) -> str:
    return "n/a" if v is None else f"{v:.1%}"


def tenant_table(summary: dict) -> Table:
    t = Table(title="tenants: compute served and its cost", title_justify="left")
    for col in (
        "tenant",
        "served h100e-yr",
        "unserved h100e-yr",
        "cost (NPV)",
        "USD / h100e-yr",
        "USD / acc-hour",
        "unserved penalty (NPV)",
    ):
        t.add_column(col, justify="left" if col == "tenant" else "right")
    for name, v in summary["by_tenant"].items():
        per = v.get("usd_per_h100e_year")
        hour = v.get("usd_per_accelerator_hour")
        t.add_row(
            esc(name),
            fmt_count(sum(v.get("delivered_h100e", []))),
            fmt_count(sum(v.get("unserved_h100e", []))),
            fmt_usd(v["cost_pv_usd"]),
            "n/a" if per is None else f"{per:,.0f}",
            "n/a" if hour is None else f"{hour:.2f}",
            fmt_usd(v["unserved_penalty_pv_usd"]),
        )
    return t


def member_table(summary: dict) -> Table:
    t = Table(title="members: cash flows over the horizon", title_justify="left")
    for col in ("member", "capex", "opex", "revenue", "NPV", "IRR", "payback"):
        t.add_column(col, justify="left" if col == "member" else "right")
    for name, m in summary["by_member"].items():
        t.add_row(
            esc(name),
            fmt_usd(sum(m["capex_usd"])),
            fmt_usd(sum(m["opex_usd"])),
            fmt_usd(sum(m["revenue_usd"])),
            fmt_usd(m["npv_usd"]),
            _pct(m["irr"]),
            str(m["payback_year"] or "-"),
        )
    return t


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
    console.print(tenant_table(summary))
    if summary.get("by_member"):
        console.print(member_table(summary))
    else:
        console.print("no consortium members in this scenario (finance.members)")
