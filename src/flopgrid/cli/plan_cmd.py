"""`flopgrid plan`: plan a scenario, print what binds, write and record the run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import FlopgridError
from ..safety import DEFAULT_STORE, check_path_text
from .render import esc, positive, print_plan, stage_spinner

StoreOpt = Annotated[Path, typer.Option("--store", help="Run store (DuckDB file).")]


def plan_command(
    scenario: Annotated[str, typer.Argument(help="Built-in scenario name or YAML file.")],
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Override PATH=VALUE (repeatable).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Run folder (a parent folder if it exists). Default runs/<run-id>."
        ),
    ] = None,
    milp: Annotated[bool, typer.Option("--milp", help="New fabs as integers.")] = False,
    solver: Annotated[str, typer.Option("--solver", help="linopy solver name.")] = "highs",
    time_limit: Annotated[
        float | None, typer.Option("--time-limit", help="Solver limit [s].", callback=positive)
    ] = None,
    store: StoreOpt = DEFAULT_STORE,
    force: Annotated[
        bool, typer.Option("--force", help="Plan again even if an identical run exists.")
    ] = False,
    no_report: Annotated[bool, typer.Option("--no-report", help="Skip report.html.")] = False,
    top: Annotated[int, typer.Option("--top", help="Bottlenecks to show.", min=0)] = 5,
) -> None:
    """Plan the least-cost build-out of SCENARIO and explain what binds."""
    from ..plan import PlanOptions
    from ..workflow import run_plan
    from . import fail, warn

    console = Console()
    try:
        out = check_path_text(out, "--out") if out is not None else None
        store = check_path_text(store, "--store")
        opts = PlanOptions(milp=milp, solver=solver, time_limit_s=time_limit)
        with stage_spinner(console) as on_stage:
            outcome = run_plan(
                scenario,
                set_ or (),
                opts,
                out=out,
                store=store,
                force=force,
                report=not no_report,
                on_stage=on_stage,
            )
    except FlopgridError as exc:  # infeasible: exit 1; bad input: exit 2
        fail(exc)
    for note in outcome.warnings:
        warn(note)
    if outcome.repeated:
        where = "copied it to" if out is not None else "its folder:"
        console.print(
            f"an identical resolved scenario was already planned as "
            f"[bold]{esc(outcome.run_id)}[/bold]; {where} {esc(outcome.folder)} "
            "(--force plans it again)",
            highlight=False,
        )
        return
    result = outcome.new_result
    print_plan(console, result.summary, top)
    t = result.meta["timings_s"]
    console.print(
        f"run [bold]{esc(outcome.run_id)}[/bold]: solved in {t['total_s']:.1f} s "
        f"(HiGHS {t['solver_s']:.2f} s); wrote {esc(outcome.folder)}",
        highlight=False,
    )
    if outcome.report_error:
        fail(
            FlopgridError(
                f"run {outcome.run_id} is written to {outcome.folder} and recorded, but its "
                f"report could not be drawn: {outcome.report_error}. "
                f"`flopgrid report {outcome.run_id}` tries again."
            )
        )
