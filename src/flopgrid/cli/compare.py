"""`flopgrid runs compare`: the headline figures of several runs in tables that fit.

The layout is transposed: runs are rows, figures are columns. A comparison has a fixed
handful of figures but any number of runs (two, or the ten of a sweep), so runs as rows
grow the table downwards and never sideways; reading down a column compares every run on
one figure, whose unit and prefix are printed once in the column's header. Run ids are
40 characters long and must print whole, so they do not head columns (where a narrow
terminal would cut them): a key table numbers the runs (#1 is the reference) and gives
each id, scenario and options once. When the figures do not all fit the terminal, they
continue in a second block that repeats the run numbers, so no figure is ever left out.
The tables are fitted by :func:`flopgrid.cli.fit.fit_table` (no second fitter here).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.table import Table

from ..units import column_unit, fmt_change, fmt_in
from .fit import Col, fit_table
from .render import esc

if TYPE_CHECKING:
    from ..results.recorded import RecordedRun
    from ..results.result import Result

    #: a run folder's Result, or a sweep's run as the store records it (no folder)
    Run = Result | RecordedRun

#: the compared figures: (header, totals key, unit, significant digits)
HEADLINES = (
    ("system cost (NPV)", "objective_usd", "USD", 3),
    ("cash capex", "capex_usd", "USD", 3),
    ("peak accelerators", "peak_accelerators", "", 3),
    ("unserved", "unserved_h100e_years", "h100e-years", 3),
    ("new fabs", "new_fabs", "", 3),
    ("peak facility power", "peak_facility_power_gw", "GW", 4),
    ("energy", "energy_twh", "TWh", 4),
    ("emissions", "emissions_mt", "Mt CO2e", 4),
)

#: a change smaller than this share of the reference value is rounding noise: "same"
SAME = 1e-6


def value(result: Run, key: str) -> float:
    """A headline figure of a run, in the unit its summary keeps it in."""
    return result.objective_usd if key == "objective_usd" else result.summary["totals"][key]


def change(v: float, base: float, scale: float, digits: int) -> str:
    """``v`` against the reference ``base``: a percentage to one decimal ('+24.5%', '+0.8%':
    :func:`flopgrid.units.fmt_change`, as validate prints a difference), the difference in
    the column's unit when the reference is zero ('+2'), or 'same'."""
    delta = v - base
    if abs(delta) <= SAME * max(abs(base), abs(v)) or abs(delta) < 1e-12:
        return "same"
    if abs(base) > 1e-12:
        return fmt_change(delta / abs(base))
    sign = "+" if delta > 0 else "-"
    return f"{sign}{fmt_in(abs(delta), scale, digits)}"


def key_table(results: Sequence[Run], width: int, options: Callable[[Run], str]) -> Table:
    """Which run each number stands for: its whole id, scenario and options."""
    cols = (
        Col("#", "right"),
        Col("run id", style="bold"),
        Col("scenario", priority=2),
        Col("options", priority=1, wrap=True, min_width=12),
    )
    rows = [
        [str(i), esc(r.meta.get("run_id", r.path)), esc(r.meta["scenario"]), esc(options(r))]
        for i, r in enumerate(results, 1)
    ]
    title = "runs compared (below each figure: its change against #1)"
    table, _ = fit_table(cols, rows, width, title=title)
    return table


def figure_tables(results: Sequence[Run], width: int) -> list[Table]:
    """The headline figures, one row a run (its value, and below it the change against
    #1), in the fewest blocks of columns ``width`` allows; every block repeats '#'."""
    cols, cells = [], []
    for i, (name, key, unit, digits) in enumerate(HEADLINES):
        values = [value(r, key) for r in results]
        scale, label = column_unit(values, unit, digits)
        cols.append(Col(f"{name} {label}".rstrip(), "right", priority=i + 1))
        cells.append(
            [fmt_in(values[0], scale, digits)]
            + [
                f"{fmt_in(v, scale, digits)}\n[dim]{change(v, values[0], scale, digits)}[/dim]"
                for v in values[1:]
            ]
        )
    number = Col("#", "right")

    def table(kept: Sequence[int], title: str) -> tuple[Table, list[str]]:
        rows = [[str(n + 1), *(cells[i][n] for i in kept)] for n in range(len(results))]
        return fit_table([number, *(cols[i] for i in kept)], rows, width, title=title)

    # the fewest blocks of (nearly) equal size, in the order of HEADLINES, that all fit
    for k in range(1, len(cols) + 1):
        size = -(-len(cols) // k)
        blocks = [list(range(len(cols)))[j : j + size] for j in range(0, len(cols), size)]
        if all(not table(b, "")[1] for b in blocks):
            break
    if len(blocks) == 1:
        return [table(blocks[0], "headline figures")[0]]
    return [table(b, f"headline figures, {n} of {len(blocks)}")[0] for n, b in enumerate(blocks, 1)]


def bottleneck_table(results: Sequence[Run], width: int) -> Table:
    """The three largest bottlenecks of each run."""
    rows = []
    for i, r in enumerate(results, 1):
        top = r.summary["bottlenecks"][:3]
        rows.append([str(i), esc("\n".join(f"{b['constraint']} @ {b['where']}" for b in top))])
        if not top:
            rows[-1][1] = "none"
    cols = (Col("#", "right"), Col("top bottlenecks", wrap=True, min_width=20))
    table, _ = fit_table(cols, rows, width, title="what binds (largest first)")
    return table
