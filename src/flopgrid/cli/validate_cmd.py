"""`flopgrid validate`: plan the validation cases' scenarios and compare with published figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..errors import FlopgridError
from .render import esc


def _fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, list):
        return f"{v[0]:,.4g}-{v[1]:,.4g}"
    return f"{v:,.4g}"


def validate_command(
    cases: Annotated[
        Path | None,
        typer.Argument(help="Cases file (default: validation/cases.yaml)."),
    ] = None,
    allow_fail: Annotated[
        bool, typer.Option("--allow-fail", help="Exit 0 even when a case fails.")
    ] = False,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the results as JSON.")
    ] = None,
) -> None:
    """Reproduce published figures: plan each case's scenario once, print figure, source,
    flopgrid's value, difference and pass/fail. Exit 1 if any case fails (0 with
    --allow-fail), 2 on bad input."""
    from ..audit.validation import load_cases, run_cases
    from . import fail

    console = Console()
    try:
        items, path = load_cases(cases)
        with console.status(f"planning {len({c['scenario'] for c in items})} scenario(s)"):
            results = run_cases(items, path.parent)
    except FlopgridError as exc:
        fail(exc, code=2)
    t = Table(title=f"validation: {esc(path)}", title_justify="left")
    t.add_column("case", style="bold", no_wrap=True)
    t.add_column("figure", min_width=18)
    t.add_column("source", min_width=14)
    t.add_column("published", justify="right", no_wrap=True)
    t.add_column("flopgrid", justify="right", no_wrap=True)
    t.add_column("diff.", justify="right", no_wrap=True)
    t.add_column("result", no_wrap=True)
    rows = [r.as_dict() for r in results]
    full: dict[str, None] = {}
    for r in rows:
        tol = "" if r["tolerance"] is None else f" +-{float(r['tolerance']):.0%}"
        ok = "[green]pass[/green]" if r["passed"] else "[red]FAIL[/red]"
        kind = " (in sample)" if r["kind"] == "calibration" else ""
        full[r["source"]] = None
        t.add_row(
            esc(r["id"]),
            esc(f"{r['figure']}{kind}"),
            esc(r["source"].split(" (")[0]),
            esc(f"{_fmt(r['target'])} {r['unit']}{tol}"),
            esc(r["error"] or f"{_fmt(r['flopgrid'])}"),
            esc(r["difference"]),
            ok,
        )
    console.print(t)
    for i, src in enumerate(full, 1):
        console.print(f"\\[{i}] {esc(src)}", highlight=False, soft_wrap=True)
    failed = [r["id"] for r in rows if not r["passed"]]
    console.print(
        f"{len(rows) - len(failed)} of {len(rows)} cases pass"
        + (f"; failing: {esc(', '.join(failed))}" if failed else "")
    )
    if json_out is not None:
        json_out.write_text(json.dumps(rows, indent=2))
    if failed and not allow_fail:
        raise typer.Exit(1)
