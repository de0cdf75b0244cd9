"""`flopgrid audit`: check public claims against the dataset and the model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import FlopgridError
from .fit import Col, fit_table
from .render import esc

STYLE = {"consistent": "green", "optimistic": "yellow", "inconsistent": "red"}


def _num(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3g}"


_COLS = (
    Col("#", "right"),
    Col("claim", wrap=True, min_width=14),
    Col("implied", wrap=True, min_width=10),
    Col("reference range", wrap=True, min_width=14),
    Col("verdict"),
    # long prose: a column where the terminal is wide, else numbered paragraphs below
    Col("the numbers", wrap=True, min_width=40, priority=1),
)


def print_findings(console: Console, findings: list) -> None:
    """The claims as a table fitted to the console; where "the numbers" leaves no room
    for the rest, they follow the table as numbered paragraphs; then the sources."""
    rows = []
    for i, f in enumerate(findings, 1):
        low, high = f.reference_range
        span = _num(low) if low == high else f"{_num(low)}-{_num(high)}"
        style = STYLE.get(f.verdict, "white")
        rows.append(
            [
                str(i),
                esc(f.claim),
                esc(f.implied),
                esc(f"{span} {f.unit}\n({f.reference})"),
                f"[{style}]{esc(f.verdict)}[/{style}]",
                esc(f.explanation),
            ]
        )
    t, dropped = fit_table(_COLS, rows, console.width, title="claims audit")
    t.show_lines = True
    console.print(t)
    if "the numbers" in dropped:
        console.print("[bold]the numbers[/bold]")
        for i, f in enumerate(findings, 1):
            console.print(f"{i}. {esc(f.explanation)}", highlight=False)
    console.print("[bold]sources[/bold]")
    for i, f in enumerate(findings, 1):
        console.print(f"{i}. claim: {esc(f.claim_source)}", highlight=False, soft_wrap=True)
        for s in f.sources:
            console.print(f"   - {esc(s)}", highlight=False, soft_wrap=True)


def audit_command(
    claims: Annotated[
        Path | None,
        typer.Argument(help="Claims file (default: the shipped claims of the seed plans)."),
    ] = None,
    no_plan: Annotated[
        bool, typer.Option("--no-plan", help="Dataset arithmetic only; plan no seed scenario.")
    ] = False,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the findings as JSON.")
    ] = None,
) -> None:
    """Check public claims: each claim's implied quantity, the reference range from the
    dataset (and planned seed scenarios), the verdict (consistent, optimistic,
    inconsistent) and the numbers and sources that decide it."""
    from ..audit.claims import audit_claims
    from ..safety import check_output_file
    from . import fail

    console = Console()
    try:
        if json_out is not None:
            json_out = check_output_file(json_out, "--json")
        with console.status("checking claims"):
            findings = audit_claims(claims, use_model=not no_plan)
    except FlopgridError as exc:
        fail(exc, code=2)
    print_findings(console, findings)
    counts = {v: sum(f.verdict == v for f in findings) for v in STYLE}
    console.print(", ".join(f"{n} {v}" for v, n in counts.items()))
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps([f.as_dict() for f in findings], indent=2))
