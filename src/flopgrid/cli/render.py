"""Rich tables for the terminal. Formatting only: no model logic here."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..errors import printable
from ..results.bottlenecks import fmt_usd
from ..results.summary import fmt_count


def positive(value: float | None) -> float | None:
    """Typer callback: a number that must be > 0 (a time limit) when given."""
    import typer

    if value is not None and not value > 0:  # also refuses nan
        raise typer.BadParameter(f"must be > 0, got {value:g}")
    return value


def esc(value: object) -> str:
    """Text from a user or a file, ready for rich: square brackets print as they are
    (never read as markup) and control characters as escapes. None is a blank, as rich
    prints it in a table."""
    return "" if value is None else escape(printable(value))


def headline(summary: dict) -> Table:
    t = Table(
        title=esc(f"{summary['scenario']}: {summary.get('title') or ''}".rstrip(": ")),
        show_header=False,
        title_justify="left",
    )
    t.add_column("what", style="bold")
    t.add_column("value", justify="right")
    tot = summary["totals"]
    by = summary["by_year"]
    years = summary["years"]
    t.add_row("status", esc(summary["status"]))
    t.add_row("system cost (NPV)", fmt_usd(summary["objective_usd"]))
    t.add_row(f"cash capex {years[0]}-{years[-1]}", fmt_usd(tot["capex_usd"]))
    t.add_row("peak accelerators in service", fmt_count(tot["peak_accelerators"]))
    t.add_row("peak facility power", f"{tot['peak_facility_power_gw']:.3g} GW")
    t.add_row("energy over the horizon", f"{tot['energy_twh']:.4g} TWh")
    t.add_row("emissions over the horizon", f"{tot['emissions_mt']:.4g} Mt CO2e")
    if "water_consumption_gl" in tot:
        t.add_row(
            "water over the horizon (own + grid)",
            f"{tot['water_consumption_gl']:.4g} GL consumed, "
            f"{tot['water_withdrawal_gl']:.4g} GL withdrawn",
        )
    t.add_row("new fabs", f"{tot['new_fabs']:.3g}")
    unserved = tot["unserved_h100e_years"]
    t.add_row(
        "unserved compute",
        "none" if unserved < 0.5 else f"[red]{fmt_count(unserved)} h100e-years[/red]",
    )
    t.add_row(
        "peak construction / operations jobs",
        f"{fmt_count(max(by['construction_jobs']))} / {fmt_count(max(by['operations_jobs']))}",
    )
    return t


def by_year(summary: dict) -> Table:
    t = Table(title="build-out by year", title_justify="left")
    cols = [
        ("year", None),
        ("demand h100e", "demand_h100e"),
        ("unserved", "unserved_h100e"),
        ("accelerators", "accelerators"),
        ("IT GW", "it_power_gw"),
        ("facility GW", "facility_power_gw"),
        ("TWh", "energy_twh"),
        ("Mt CO2e", "emissions_mt"),
        ("water GL", "water_consumption_gl"),
        ("capex", "capex_usd"),
        ("new fabs", "new_fabs"),
    ]
    for name, _ in cols:
        t.add_column(name, justify="right")
    by = summary["by_year"]
    for i, year in enumerate(summary["years"]):
        row = [str(year)]
        for _, key in cols[1:]:
            v = by[key][i] if key in by else float("nan")
            if key == "capex_usd":
                row.append(fmt_usd(v))
            elif key in ("demand_h100e", "unserved_h100e", "accelerators"):
                row.append(fmt_count(v))
            else:
                row.append(f"{v:.3g}")
        t.add_row(*row)
    return t


def bottlenecks(summary: dict, top: int = 5) -> Table:
    t = Table(title="what binds (largest first)", title_justify="left")
    t.add_column("constraint")
    t.add_column("where")
    t.add_column("years")
    t.add_column("explanation")
    items = summary["bottlenecks"][:top]
    if not items:
        unserved = summary["totals"]["unserved_h100e_years"]
        t.add_row(
            "-",
            "-",
            "-",
            "no limit binds: demand is met at the cost of its inputs"
            if unserved < 0.5
            else "compute goes unserved and no reason was found: please report this",
        )
    for b in items:
        yrs = b["years"]
        span = str(yrs[0]) if len(yrs) == 1 else f"{yrs[0]}-{yrs[-1]}"
        t.add_row(esc(b["constraint"]), esc(b["where"]), span, esc(b["explanation"]))
    return t


def print_plan(console: Console, summary: dict, top: int = 5) -> None:
    console.print(headline(summary))
    console.print(by_year(summary))
    console.print(bottlenecks(summary, top))


@contextlib.contextmanager
def stage_spinner(console: Console) -> Iterator[Callable[[str], None]]:
    """A transient spinner with elapsed time; yields the ``on_stage`` callback that names
    the stage shown."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("starting", total=None)
        yield lambda stage: progress.update(task, description=stage)
