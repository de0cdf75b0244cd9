"""`flopgrid validate`: plan the validation cases' scenarios and compare with published figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import FlopgridError
from .fit import Col, print_table
from .render import esc


def _fmt(v, unit: str = "") -> str:
    from ..units import fmt_num

    if v is None:
        return "-"
    if isinstance(v, list):
        return f"{fmt_num(v[0], digits=4)}-{fmt_num(v[1], unit, 4)}"
    return fmt_num(v, unit, 4)


_COLS = (
    Col("case", style="bold"),
    Col("figure", priority=2, wrap=True, min_width=16),
    Col("src", priority=3),
    # values and verdicts fold at spaces ("5.4 M accelerators +-30%", "outside (not
    # gating)"), so that a case id always fits whole at 80 columns
    Col("published", "right", wrap=True, min_width=12),
    Col("flopgrid", "right", wrap=True, min_width=9),
    Col("diff.", "right", priority=1, wrap=True, min_width=7),
    Col("result", wrap=True, min_width=7),
)


def _print_table(console: Console, title: str, rows: list[dict], full: dict[str, int]) -> None:
    """One group's cases at the terminal's width; sources numbered into ``full``."""
    table_rows = []
    for r in rows:
        tol = "" if r["tolerance"] is None else f" +-{float(r['tolerance']):.0%}"
        ok = "[green]pass[/green]" if r["passed"] else "[red]FAIL[/red]"
        if not r["passed"] and not r["gate"]:
            ok = "[yellow]outside (not gating)[/yellow]"
        n = full.setdefault(r["source"], len(full) + 1)
        table_rows.append(
            [
                esc(r["id"]),
                esc(r["figure"]),
                f"\\[{n}]",
                esc(f"{_fmt(r['target'], r['unit'])}{tol}"),
                esc(r["error"] or _fmt(r["flopgrid"], r["unit"])),
                esc(r["difference"]),
                ok,
            ]
        )
    print_table(console, _COLS, table_rows, title=esc(title))


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
    from ..safety import check_output_file
    from . import fail

    console = Console()
    try:
        if json_out is not None:
            json_out = check_output_file(json_out, "--json")
        items, path = load_cases(cases)
        with console.status(f"planning {len({c['scenario'] for c in items})} scenario(s)"):
            results = run_cases(items, path.parent)
    except FlopgridError as exc:
        fail(exc, code=2)
    rows = [r.as_dict() for r in results]
    full: dict[str, int] = {}
    titles = {
        "calibrated": "calibrated: inputs were set from these figures (in sample, not a test)",
        "held_out": "held out: no input was set from these figures",
    }
    for group in ("calibrated", "held_out"):
        chosen = [r for r in rows if r["group"] == group]
        if chosen:
            _print_table(console, f"{titles[group]} ({path})", chosen, full)
    for src, i in full.items():
        console.print(f"\\[{i}] {esc(src)}", highlight=False, soft_wrap=True)
    failed = [r["id"] for r in rows if not r["passed"] and r["gate"]]
    soft = [r["id"] for r in rows if not r["passed"] and not r["gate"]]
    console.print(
        f"{len(rows) - len(failed) - len(soft)} of {len(rows)} cases pass"
        + (f"; failing: {esc(', '.join(failed))}" if failed else "")
        + (f"; outside tolerance but not gating: {esc(', '.join(soft))}" if soft else "")
    )
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(rows, indent=2))
    if failed and not allow_fail:
        raise typer.Exit(1)
