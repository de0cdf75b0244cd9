"""`flopgrid plan`: plan a scenario, print what binds, write and record the run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import FlopgridError
from ..plan import PlanOptions
from ..plan.options import DEFAULT_PERIODS
from ..results.store import DEFAULT_STORE
from ..workflow import run_plan
from .render import print_plan, stage_spinner

StoreOpt = Annotated[Path, typer.Option("--store", help="Run store (DuckDB file).")]


def time_options(periods: int | None, hours: str | None, yearly: bool) -> dict:
    """``PlanOptions`` fields from ``--periods N``, ``--hours full`` and ``--yearly`` (at
    most one of them)."""
    given = [name for name, v in (("--periods", periods), ("--hours", hours)) if v is not None]
    given += ["--yearly"] if yearly else []
    if len(given) > 1:
        raise ValueError(f"give one of --periods, --hours full and --yearly, not {given}")
    if hours is not None and hours != "full":
        raise ValueError(f"--hours takes 'full', got {hours!r}")
    if yearly:
        return {"slicing": "yearly"}
    if hours == "full":
        return {"slicing": "full"}
    return {"slicing": "periods", "periods": periods or DEFAULT_PERIODS}


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
        float | None, typer.Option("--time-limit", help="Solver limit [s].")
    ] = None,
    store: StoreOpt = DEFAULT_STORE,
    force: Annotated[
        bool, typer.Option("--force", help="Plan again even if an identical run exists.")
    ] = False,
    no_report: Annotated[bool, typer.Option("--no-report", help="Skip report.html.")] = False,
    top: Annotated[int, typer.Option("--top", help="Bottlenecks to show.")] = 5,
    periods: Annotated[
        int | None,
        typer.Option(
            "--periods",
            help=f"Plan on N representative days (default {DEFAULT_PERIODS}) chosen from "
            "the sites' hourly weather, plus the worst lull.",
        ),
    ] = None,
    hours: Annotated[
        str | None,
        typer.Option("--hours", help="'full': plan on all 8760 hours (small cases, checks)."),
    ] = None,
    yearly: Annotated[
        bool,
        typer.Option(
            "--yearly", help="One yearly slice with annual capacity factors (fast, blind to lulls)."
        ),
    ] = False,
    link_days: Annotated[
        bool,
        typer.Option(
            "--link-days",
            help="With --periods: carry stored energy from day to day in calendar order "
            "(slower; for storage that shifts energy across days).",
        ),
    ] = False,
    flex: Annotated[
        str,
        typer.Option(
            "--flex",
            help="Work that may move within its deadline window: training (default), all, none.",
        ),
    ] = "training",
) -> None:
    """Plan the least-cost build-out of SCENARIO and explain what binds."""
    from . import fail

    console = Console()
    try:
        opts = PlanOptions(
            milp=milp,
            solver=solver,
            time_limit_s=time_limit,
            **time_options(periods, hours, yearly),
            link_periods=link_days,
            flexibility=flex,
        )
    except ValueError as exc:
        fail(FlopgridError(str(exc)))
    try:
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
    if outcome.repeated:
        console.print(
            f"an identical resolved scenario was already planned as "
            f"[bold]{outcome.run_id}[/bold] ({outcome.folder}); "
            "use --force to plan it again"
        )
        return
    result = outcome.result
    print_plan(console, result.summary, top)
    t = result.meta["timings_s"]
    console.print(
        f"run [bold]{outcome.run_id}[/bold]: solved in {t['total_s']:.1f} s "
        f"(HiGHS {t['solver_s']:.2f} s); wrote {outcome.folder}"
    )
