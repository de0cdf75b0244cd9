"""`flopgrid data ...`: the packaged dataset and the sources behind each value."""

from __future__ import annotations

import re
from typing import Annotated

import typer
from rich.console import Console

from .fit import Col, print_table
from .help import PLAIN, WholeHelpGroup
from .render import esc

data_app = typer.Typer(
    cls=WholeHelpGroup, **PLAIN, no_args_is_help=True, help="The packaged dataset and its sources."
)
console = Console()


#: the last key of a field that holds a year (``available_from``, ``until_year``; not
#: ``wafers_per_year``)
_YEAR_FIELD = re.compile(r"(^|_)(from|until)(_year)?$")


def _value_text(path: str, value: object) -> str:
    """A dataset value as written: a year whole ('2025', never '2.025 k'), a number below a
    million in full ('2,500', '0.72'), a larger one with a prefix ('107 B'), a list as its
    items ('us-advanced, us-compliant'), a flag as YAML writes it ('true')."""
    from ..units import fmt_num, fmt_plain

    if isinstance(value, bool):
        return "true" if value else "false"  # as the YAML writes it
    if isinstance(value, list | tuple):
        return ", ".join(_value_text(path, v) for v in value)
    if not isinstance(value, int | float):
        return str(value)
    if _YEAR_FIELD.search(path.rsplit(".", 1)[-1]) and float(value).is_integer():
        return str(int(value))
    if abs(value) < 1e6:
        return fmt_plain(value)
    return fmt_num(value, digits=4)


@data_app.command("sources")
def data_sources(
    section: Annotated[
        str | None,
        typer.Argument(
            help="Only dataset paths starting with this, e.g. accelerators.H100 or "
            "power.gas_ccgt.capex_usd_per_kw."
        ),
    ] = None,
    low: Annotated[bool, typer.Option("--low", help="Only low-confidence values.")] = False,
) -> None:
    """What each dataset value rests on: path, value, confidence and source, then every
    reference cited, numbered, with title, publisher, year and link (reference files such
    as figures.md are packaged under flopgrid/data/reference/)."""
    from ..scenario.citations import resolve
    from ..scenario.dataset import load_default
    from ..scenario.provenance import iter_values

    data, _ = load_default()
    numbers: dict = {}
    rows = []
    for v in iter_values(data):
        if section and not v.path.startswith(section):
            continue
        if low and v.confidence != "low":
            continue
        marks = []
        for ref in resolve(v.path, v.source):
            n = numbers.setdefault((ref.title, ref.link), (len(numbers) + 1, ref))[0]
            marks.append(n)
        source = esc(v.source) if v.source else "[red]MISSING[/red]"
        refs = " ".join(f"\\[{n}]" for n in marks)
        rows.append([esc(v.path), esc(_value_text(v.path, v.value)), v.confidence, source, refs])
    cols = (
        Col("path", style="bold", wrap=True, min_width=26),  # a long path folds
        Col("value", "right", wrap=True, min_width=12),  # a list folds after its commas
        Col("conf.", priority=3),
        Col("source", wrap=True, min_width=20),
        Col("refs", priority=2, wrap=True, min_width=4),
    )
    print_table(console, cols, rows, title="packaged dataset: values and their sources")
    console.print(f"{len(rows)} values")
    if numbers:
        console.print("[bold]references[/bold]")
    for n, ref in numbers.values():
        console.print(f"\\[{n}] {esc(ref.citation())}", highlight=False)
        # the link on a line of its own, never folded: whole, to copy or click
        console.print(f"    {esc(ref.link)}", highlight=False, soft_wrap=True)
