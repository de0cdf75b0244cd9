"""`flopgrid sweep ...`: plan many futures of a scenario and report what matters.

    flopgrid sweep SCENARIO --vary PATH=SPEC ... [--samples N | --morris R] [--seed S]
    flopgrid sweep SWEEP.yaml
    flopgrid sweep --resume ID
    flopgrid sweep report ID
    flopgrid sweep list

``sweep`` is a group whose default command is ``run``: an argument that is not a
subcommand's name (a scenario, a file, ``--resume``) goes to ``run``, so the first three
forms need no ``run`` word (``flopgrid sweep run SCENARIO ...`` works too).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from ..errors import FlopgridError
from ..safety import DEFAULT_STORE, check_output_file, check_path_text
from .fit import Col, print_table
from .help import PLAIN, WholeHelpGroup
from .plan_cmd import (
    FlexOpt,
    HoursOpt,
    LinkDaysOpt,
    PeriodsOpt,
    SegmentsOpt,
    YearlyOpt,
    time_options,
)
from .render import esc, positive

DEFAULT_COMMAND = "run"


class DefaultRunGroup(WholeHelpGroup):
    """A group that sends anything but a subcommand name (or --help) to ``run``."""

    # ctx is the Context of the click typer runs on: newer typer ships its own copy and
    # installs without click, so no ``import click`` here (its type differs by version)
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)


sweep_app = typer.Typer(
    cls=DefaultRunGroup,
    **PLAIN,
    no_args_is_help=True,
    help="Sweep a scenario over many futures (grids, Monte Carlo, Morris) and report.",
)
StoreOpt = Annotated[Path, typer.Option("--store", help="Run store (DuckDB file).")]
console = Console()


def _fail(exc: Exception, code: int = 2) -> None:
    from . import fail

    fail(exc, code)


@sweep_app.command(DEFAULT_COMMAND)
def sweep_run(
    scenario: Annotated[
        str | None, typer.Argument(help="Built-in scenario, scenario YAML or sweep YAML.")
    ] = None,
    vary: Annotated[
        list[str] | None,
        typer.Option(
            "--vary",
            help="PATH=SPEC: [a,b,c] grid, uniform(a,b), triangular(a,m,b), lognormal(mu,s), "
            "choice([..]); *SPEC scales the scenario's value (demand.by_year=*[0.8,1,1.2]).",
        ),
    ] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Override PATH=VALUE in every run.")
    ] = None,
    samples: Annotated[
        int, typer.Option("--samples", help="Monte Carlo samples (LHS).", min=0)
    ] = 0,
    seed: Annotated[int | None, typer.Option("--seed", help="Random seed.", min=0)] = None,
    morris: Annotated[int, typer.Option("--morris", help="Morris trajectories.", min=0)] = 0,
    levels: Annotated[int, typer.Option("--levels", help="Morris grid levels.", min=2)] = 4,
    claim: Annotated[
        list[str] | None,
        typer.Option("--claim", help="'TEXT: EXPR' to check, e.g. 'x: new_fabs >= 36'."),
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help="local or dask.")] = "local",
    address: Annotated[
        str | None, typer.Option("--address", help="Dask scheduler, tcp://HOST:PORT.")
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", help="Worker processes (0: cores).", min=0)
    ] = 0,
    warm_start: Annotated[
        bool,
        typer.Option(
            "--warm-start/--cold",
            help="With --keep-runs: update a cached HiGHS model in place and start from the "
            "last basis (same objective; among equal-cost plans it may pick another).",
        ),
    ] = False,
    keep_runs: Annotated[
        bool,
        typer.Option(
            "--keep-runs",
            help="Write a full run folder per task. Without it each task is planned on its "
            "worker's live HiGHS model and only the store rows are kept (much faster).",
        ),
    ] = False,
    run_reports: Annotated[
        bool, typer.Option("--run-reports", help="Write report.html in every run folder.")
    ] = False,
    milp: Annotated[bool, typer.Option("--milp", help="New fabs as integers.")] = False,
    time_limit: Annotated[
        float | None,
        typer.Option("--time-limit", help="Solver limit per run [s].", callback=positive),
    ] = None,
    periods: PeriodsOpt = None,
    hours: HoursOpt = None,
    yearly: YearlyOpt = False,
    segments: SegmentsOpt = None,
    link_days: LinkDaysOpt = False,
    flex: FlexOpt = None,
    resume: Annotated[str | None, typer.Option("--resume", help="Resume sweep ID.")] = None,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="With --resume: run failed tasks again.")
    ] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the runs.")] = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Plan SCENARIO over many futures; results stream into the run store."""
    from ..sweep.claims import check_claim
    from ..sweep.design import Design, parse_vary
    from ..sweep.engines import make_engine
    from ..sweep.runner import SweepInterrupted, create_sweep, reuse_note, run_sweep
    from ..sweep.store import FAILED, PENDING, SweepStore
    from ..sweep.sweepfile import read_sweep_file

    nothing_left = ""  # a resumed sweep with no pending task says so and runs nothing
    try:
        if retry_failed and not resume:
            raise FlopgridError("--retry-failed needs --resume ID (it runs a sweep's failed tasks)")
        eng = make_engine(engine, workers, address)  # before a sweep is recorded
        if resume:
            if scenario or vary:
                raise FlopgridError("--resume ID takes no scenario or --vary")
            sweeps = SweepStore(store)
            sweep_id = sweeps.sweep(resume)["sweep_id"]
            if retry_failed:
                sweeps.reset_failed(sweep_id)
            status = sweeps.tasks(sweep_id)["status"]
            if not (status == PENDING).any():  # a finished sweep: no workers to start
                failed = int((status == FAILED).sum())
                nothing_left = (
                    f"nothing to run: all {len(status)} tasks of {sweep_id} are recorded"
                    + (f" ({failed} failed; --retry-failed runs them again)" if failed else "")
                )
        else:
            if not scenario:
                raise FlopgridError("give a SCENARIO (or a sweep file) or --resume ID")
            spec: dict[str, Any] = {
                "scenario": scenario,
                "vary": {},
                "set": [],
                "samples": 0,
                "seed": 0,
            }
            spec.update(morris=0, levels=levels, claims=[])
            spec = read_sweep_file(scenario) or spec  # the file is read once
            factors = parse_vary(spec["vary"]) + parse_vary(vary or [])
            design = Design(
                spec["scenario"],
                factors,
                fixed=[*spec["set"], *(set_ or [])],
                samples=samples or spec["samples"],
                seed=spec["seed"] if seed is None else seed,
                morris=morris or spec["morris"],
                levels=levels if levels != 4 else spec["levels"],
            )
            opts = {
                "milp": milp,
                "time_limit_s": time_limit,
                **time_options(periods, hours, yearly, link_days, flex, segments),
            }
            out = check_path_text(out, "--out") if out is not None else None
            for text in spec["claims"]:
                check_claim(text, f"{scenario}: claims:")
            for text in claim or []:
                check_claim(text)
            sweep_id = create_sweep(
                design,
                store=store,
                out=out,
                options=opts,
                warm_start=warm_start,
                run_report=run_reports,
                keep_runs=keep_runs,
                claims=[*spec["claims"], *(claim or [])],
            )
            console.print(f"sweep [bold]{sweep_id}[/bold]: {len(design.tasks())} tasks")
    except (FlopgridError, ValueError) as exc:
        _fail(exc)
    if nothing_left:
        console.print(nothing_left)
        _report(sweep_id, store, None, "objective_usd")
        return
    console.print(f"running on {eng.describe()}")
    try:
        stats = run_sweep(sweep_id, eng, store=store, console=console)
    except SweepInterrupted as exc:
        console.print(f"[yellow]{esc(exc)}[/yellow]")
        raise typer.Exit(130) from None
    except FlopgridError as exc:
        _fail(exc)
    console.print(
        f"{stats.done} runs done, {stats.failed} failed, {stats.skipped} recorded before; "
        f"{stats.runs_per_minute:.1f} runs/min"
    )
    reuse = reuse_note(stats.timings)
    if reuse:
        console.print(esc(reuse))
    tasks = SweepStore(store).tasks(sweep_id)
    if len(tasks) and (tasks["status"] == FAILED).all():
        first = tasks.sort_values("task_no").iloc[0]
        _fail(
            FlopgridError(
                f"every task of sweep {sweep_id} failed ({len(tasks)} of {len(tasks)}); "
                f"the first, task {first['task_no']}: {first['error']}"
            )
        )
    _report(sweep_id, store, None, "objective_usd")


def _report(ref: str, store: Path, html: Path | None, metric: str) -> None:
    from ..sweep import analysis
    from ..sweep.report import write_report
    from .sweep_tables import print_summary

    try:
        if html is not None:
            html = check_output_file(html, "--html", "report.html")
        data = analysis.load(ref, store)
        print_summary(data, console, metric)
        path = html or Path(data.sweep["folder"]) / "report.html"
        write_report(data, path, metric)
    except FlopgridError as exc:
        _fail(exc)
    console.print(f"report: {esc(path)}", highlight=False)


@sweep_app.command("report")
def sweep_report(
    sweep_id: Annotated[str, typer.Argument(help="Sweep id (or a unique prefix).")],
    html: Annotated[Path | None, typer.Option("--html", help="Where to write the page.")] = None,
    metric: Annotated[
        str, typer.Option("--metric", help="Result to rank the assumptions by.")
    ] = "objective_usd",
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Distributions, drivers (tornado, Morris), bottleneck shares and claims of a sweep."""
    _report(sweep_id, store, html, metric)


@sweep_app.command("list")
def sweep_list(store: StoreOpt = DEFAULT_STORE) -> None:
    """Recorded sweeps, oldest first."""
    from ..sweep.store import SweepStore

    df = SweepStore(store).sweeps()
    cols = (
        Col("sweep id", style="bold"),
        Col("scenario", priority=3),
        Col("tasks", "right", priority=1),
        Col("done", "right", priority=1),
        Col("failed", "right", priority=1),
        Col("pending", "right", priority=2),
        Col("created", priority=4),
    )
    rows = [
        [
            esc(r.sweep_id),
            esc(r.scenario),
            str(r.n),
            str(r.done),
            str(r.failed),
            str(r.pending),
            esc(str(r.created)[:19]),
        ]
        for r in df.itertuples()
    ]
    print_table(console, cols, rows, title=f"sweeps in {esc(store)}")
