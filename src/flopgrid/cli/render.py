"""Rich tables for the terminal. Formatting only: no model logic here."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..errors import printable
from ..units import column_unit, fmt_count, fmt_in, fmt_num, fmt_usd
from .fit import Col, fit_table, left_out


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
    from ..results.summary import npv_basis, unserved_penalty_pv_usd  # the model stack is loaded

    t = Table(
        title=esc(f"{summary['scenario']}: {summary.get('title') or ''}".rstrip(": ")),
        show_header=False,
        title_justify="left",
    )
    t.add_column("what", style="bold")
    t.add_column("value", justify="right", no_wrap=True)
    tot = summary["totals"]
    by = summary["by_year"]
    years = summary["years"]
    t.add_row("status", esc(summary["status"]))
    t.add_row(f"system cost (NPV {npv_basis(summary)})", fmt_usd(summary["objective_usd"]))
    penalty = unserved_penalty_pv_usd(summary)
    if penalty >= 0.5:  # a price on compute not served, inside the NPV above: say so
        t.add_row("  of which unserved penalty", f"{fmt_usd(penalty)} (not cash)")
    t.add_row(f"cash capex {years[0]}-{years[-1]}", fmt_usd(tot["capex_usd"]))
    t.add_row("peak accelerators in service", fmt_count(tot["peak_accelerators"]))
    t.add_row("peak facility power", fmt_num(tot["peak_facility_power_gw"], "GW"))
    t.add_row("energy over the horizon", fmt_num(tot["energy_twh"], "TWh", 4))
    t.add_row("emissions over the horizon", fmt_num(tot["emissions_mt"], "Mt CO2e", 4))
    if "water_consumption_gl" in tot:
        t.add_row(
            "water over the horizon (own + grid)",
            f"{fmt_num(tot['water_consumption_gl'], 'GL', 4)} consumed, "
            f"{fmt_num(tot['water_withdrawal_gl'], 'GL', 4)} withdrawn",
        )
    t.add_row("new fabs", fmt_count(tot["new_fabs"]))
    unserved = tot["unserved_h100e_years"]
    t.add_row(
        "unserved compute",
        "none" if unserved < 0.5 else f"[red]{fmt_num(unserved, 'h100e-years')}[/red]",
    )
    t.add_row(
        "peak construction / operations jobs",
        f"{fmt_count(max(by['construction_jobs']))} / {fmt_count(max(by['operations_jobs']))}",
    )
    return t


#: the build-out table's columns: (header, by_year key, unit, priority: higher goes first)
BY_YEAR = (
    ("demand", "demand_h100e", "h100e", 1),
    ("unserved", "unserved_h100e", "h100e", 1),
    ("accelerators", "accelerators", "", 3),
    ("IT power", "it_power_gw", "GW", 5),
    ("facility power", "facility_power_gw", "GW", 2),
    ("energy", "energy_twh", "TWh", 3),
    ("emissions", "emissions_mt", "Mt CO2e", 4),
    ("water", "water_consumption_gl", "GL", 5),
    ("capex", "capex_usd", "USD", 2),
    ("new fabs", "new_fabs", "", 4),
)


def by_year(summary: dict, width: int = 80) -> tuple[Table, list[str]]:
    """The build-out by year, each column in one unit (in its header), narrowed to
    ``width`` by leaving out the least important columns (returned)."""
    by = summary["by_year"]
    cols = [Col("year", "right")]
    cells = []
    for name, key, unit, priority in BY_YEAR:
        if key not in by:
            continue
        scale, label = column_unit(by[key], unit)
        cols.append(Col(f"{name} {label}".rstrip(), "right", priority))
        cells.append([fmt_in(v, scale) for v in by[key]])
    rows = [[str(y), *(c[i] for c in cells)] for i, y in enumerate(summary["years"])]
    return fit_table(cols, rows, width, title="build-out by year")


def bottlenecks(summary: dict, top: int = 5) -> Table:
    t = Table(title="what binds (largest first)", title_justify="left")
    t.add_column("constraint", overflow="fold")
    t.add_column("where", overflow="fold")
    t.add_column("years", no_wrap=True)
    t.add_column("explanation", ratio=1, overflow="fold")
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
    table, dropped = by_year(summary, console.width)
    console.print(table)
    note = left_out(dropped, console.width)
    if note:
        console.print(note, highlight=False)
    console.print(bottlenecks(summary, top))


@contextlib.contextmanager
def stage_spinner(console: Console) -> Iterator[Callable[[str], None]]:
    """A transient spinner with elapsed time; yields the ``on_stage`` callback that names
    the stage shown."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("starting", total=None)
        yield lambda stage: progress.update(task, description=stage)
