"""`flopgrid plan`: plan a scenario, print what binds, write and record the run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import FlopgridError
from ..plan.options import DEFAULT_PERIODS
from ..safety import DEFAULT_STORE, check_path_text
from .render import esc, positive, print_plan, stage_spinner

StoreOpt = Annotated[Path, typer.Option("--store", help="Run store (DuckDB file).")]


PeriodsOpt = Annotated[
    int | None,
    typer.Option(
        "--periods",
        help=f"Plan on N representative days (1-365; {DEFAULT_PERIODS} by convention) chosen "
        "from the sites' hourly weather, plus the worst lull: a site's fleet that keeps the "
        "lights on hour by hour. Seconds to minutes for a campus; with --segments 6, under "
        "three minutes for the global flagship.",
    ),
]
HoursOpt = Annotated[
    str | None,
    typer.Option("--hours", help="'full': plan on all 8760 hours (small cases, checks)."),
]
YearlyOpt = Annotated[
    bool,
    typer.Option(
        "--yearly",
        help="One yearly slice with annual capacity factors: the default (fast, blind to "
        "lulls; use --periods 12 --segments 6 for a site's power fleet).",
    ),
]
SegmentsOpt = Annotated[
    int | None,
    typer.Option(
        "--segments",
        help="With --periods: merge each day's hours into K steps (1-24) of varying length, "
        "as tsam segments them: a smaller model, for seeds with many sites.",
    ),
]
LinkDaysOpt = Annotated[
    bool,
    typer.Option(
        "--link-days",
        help="With --periods: carry stored energy from day to day in calendar order "
        "(slower; for storage that shifts energy across days).",
    ),
]
FlexOpt = Annotated[
    str | None,
    typer.Option(
        "--flex",
        help="Work that may move within its deadline window: training (default), all, none"
        " (with --periods or --hours full: a yearly plan has no hours to move it between).",
        show_default=False,
    ),
]


def time_options(
    periods: int | None,
    hours: str | None,
    yearly: bool,
    link_days: bool = False,
    flex: str | None = None,
    segments: int | None = None,
) -> dict:
    """``PlanOptions`` fields from ``--periods N``, ``--hours full`` and ``--yearly`` (at
    most one of them), ``--segments``, ``--link-days`` and ``--flex``; checked as
    ``PlanOptions`` checks them (a ``FlopgridError`` naming the option)."""
    from ..plan.options import PlanOptions

    given = [name for name, v in (("--periods", periods), ("--hours", hours)) if v is not None]
    given += ["--yearly"] if yearly else []
    if len(given) > 1:
        raise FlopgridError(f"give one of --periods, --hours full and --yearly, not {given}")
    if hours is not None and hours != "full":
        raise FlopgridError(f"--hours takes 'full', got {hours!r}")
    if hours == "full":
        out: dict = {"slicing": "full"}
    elif periods is not None:
        out = {"slicing": "periods", "periods": periods}
    else:  # --yearly, or nothing: the default
        out = {"slicing": "yearly"}
    if segments is not None:
        if out["slicing"] != "periods":
            raise FlopgridError("--segments needs --periods N (it splits representative days)")
        out["segments"] = segments
    if link_days and out["slicing"] != "periods":  # else it would be ignored without a word
        raise FlopgridError("--link-days needs --periods N (it links representative days)")
    if flex is not None and out["slicing"] == "yearly":  # else it would be ignored
        raise FlopgridError(
            "--flex needs --periods N or --hours full (a yearly plan has no hours to move work"
            " between)"
        )
    out.update(link_periods=link_days, flexibility=flex or "training")
    try:
        PlanOptions(**out)
    except ValueError as exc:
        message = str(exc).replace("flexibility", "--flex").replace("segments", "--segments")
        message = message.replace("periods must", "--periods must")
        raise FlopgridError(message) from exc
    return out


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
    periods: PeriodsOpt = None,
    hours: HoursOpt = None,
    yearly: YearlyOpt = False,
    segments: SegmentsOpt = None,
    link_days: LinkDaysOpt = False,
    flex: FlexOpt = None,
) -> None:
    """Plan the least-cost build-out of SCENARIO and explain what binds."""
    from ..plan import PlanOptions
    from ..workflow import run_plan
    from . import fail, warn

    console = Console()
    try:
        out = check_path_text(out, "--out") if out is not None else None
        store = check_path_text(store, "--store")
        opts = PlanOptions(
            milp=milp,
            solver=solver,
            time_limit_s=time_limit,
            **time_options(periods, hours, yearly, link_days, flex, segments),
        )
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
