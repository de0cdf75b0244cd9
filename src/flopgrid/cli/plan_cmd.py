"""`flopgrid plan`: plan a scenario, print what binds, write the run folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..errors import FlopgridError, ModelInfeasibleError
from ..plan import PlanOptions, plan
from ..results.folder import new_run_id, run_folder, scenario_hash
from .render import print_plan


def plan_command(
    scenario: Annotated[str, typer.Argument(help="Built-in scenario name or YAML file.")],
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Override PATH=VALUE (repeatable).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Run folder (or a parent folder if it exists). Default runs/<run-id>."
        ),
    ] = None,
    milp: Annotated[bool, typer.Option("--milp", help="New fabs as integers.")] = False,
    solver: Annotated[str, typer.Option("--solver", help="linopy solver name.")] = "highs",
    time_limit: Annotated[
        float | None, typer.Option("--time-limit", help="Solver limit [s].")
    ] = None,
    top: Annotated[int, typer.Option("--top", help="Bottlenecks to show.")] = 5,
) -> None:
    """Plan the least-cost build-out of SCENARIO and explain what binds."""
    from . import fail

    console = Console()
    opts = PlanOptions(milp=milp, solver=solver, time_limit_s=time_limit)
    try:
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("starting", total=None)
            result = plan(
                scenario, set_ or (), opts, on_stage=lambda s: progress.update(task, description=s)
            )
    except ModelInfeasibleError as exc:
        fail(exc, code=1)
    except FlopgridError as exc:
        fail(exc, code=2)
    digest = scenario_hash(result.scenario)
    run_id = new_run_id(result.meta["scenario"], digest)
    result.meta["run_id"] = run_id
    result.meta["scenario_hash"] = digest
    folder = run_folder(out, run_id)
    result.save(folder, solver_log=getattr(result, "solver_log", ""))
    print_plan(console, result.summary, top)
    t = result.meta["timings_s"]
    console.print(
        f"solved in {t['total_s']:.1f} s (HiGHS {t['solver_s']:.2f} s); wrote [bold]{folder}[/bold]"
    )
