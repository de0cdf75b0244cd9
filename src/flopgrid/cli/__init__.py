"""The flopgrid command line (Typer). Thin: parse, call the API, print with rich."""

from __future__ import annotations

from typing import Annotated

import typer
import yaml
from rich.console import Console
from rich.table import Table

from .. import __version__
from ..errors import FlopgridError, ModelInfeasibleError, ScenarioError
from ..scenario import builtin_names, load_scenario
from ..scenario.dataset import load_default
from ..scenario.notices import scenario_warnings
from ..scenario.provenance import iter_values
from .audit_cmd import audit_command
from .dispatch_cmd import dispatch_command, headroom_command
from .finance_cmd import finance_command
from .plan_cmd import plan_command
from .render import esc
from .runs_cmd import report_command, runs_app
from .sweep_cmd import sweep_app
from .validate_cmd import validate_command

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="flopgrid: plan the global AI compute grid, from fab to flop.",
)
scenarios_app = typer.Typer(no_args_is_help=True, help="List, show and validate scenarios.")
data_app = typer.Typer(no_args_is_help=True, help="The packaged dataset.")
app.add_typer(scenarios_app, name="scenarios")
app.add_typer(data_app, name="data")
app.add_typer(runs_app, name="runs")
app.add_typer(sweep_app, name="sweep")
app.command("plan")(plan_command)
app.command("dispatch")(dispatch_command)
app.command("headroom")(headroom_command)
app.command("report")(report_command)
app.command("finance")(finance_command)
app.command("validate")(validate_command)
app.command("audit")(audit_command)

console = Console()
err = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        console.print(f"flopgrid {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """flopgrid: plan the global AI compute grid, from fab to flop."""


def fail(exc: Exception, code: int | None = None) -> None:
    """Print a user-facing error (no traceback) and exit non-zero: by default 1 for an
    infeasible model, 2 for any other error."""
    infeasible = isinstance(exc, ModelInfeasibleError)
    if code is None:
        code = 1 if infeasible else 2
    title = "infeasible" if infeasible else "error"
    err.print(
        f"[bold red]{title}:[/bold red] {esc(exc)}", highlight=False, markup=True, soft_wrap=True
    )
    raise typer.Exit(code)


def warn(message: str) -> None:
    """Print a warning: something about the input worth a second look, not an error."""
    err.print(f"[yellow]warning:[/yellow] {esc(message)}", highlight=False, soft_wrap=True)


@scenarios_app.command("list")
def scenarios_list() -> None:
    """The built-in seed scenarios."""
    t = Table(title="built-in scenarios", title_justify="left")
    t.add_column("name", style="bold")
    t.add_column("title")
    t.add_column("years")
    t.add_column("sites", justify="right")
    for name in builtin_names():
        try:
            scn = load_scenario(name)
        except ScenarioError as exc:
            t.add_row(name, f"[red]invalid: {esc(exc.problems[0])}[/red]", "", "")
            continue
        t.add_row(name, esc(scn.title), f"{scn.years.start}-{scn.years.end}", str(len(scn.sites)))
    console.print(t)


@scenarios_app.command("show")
def scenarios_show(
    scenario: Annotated[str, typer.Argument(help="Built-in name or YAML file.")],
    set_: Annotated[list[str] | None, typer.Option("--set", help="Override PATH=VALUE.")] = None,
) -> None:
    """Print the fully resolved scenario as YAML."""
    try:
        scn = load_scenario(scenario, set_ or ())
    except FlopgridError as exc:
        fail(exc)
    typer.echo(yaml.safe_dump(scn.model_dump(mode="json", exclude_none=True), sort_keys=False))


@scenarios_app.command("validate")
def scenarios_validate(
    files: Annotated[
        list[str] | None, typer.Argument(help="Scenario files or built-in names.")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Validate every built-in scenario.")] = False,
) -> None:
    """Validate scenarios: exit 0 when all are valid, 2 with every problem otherwise."""
    targets = list(files or [])
    if all_:
        targets += builtin_names()
    if not targets:
        fail(FlopgridError("give scenario files or --all"))
    bad = 0
    for target in targets:
        try:
            scn = load_scenario(target)
        except ScenarioError as exc:
            bad += 1
            err.print(f"[red]invalid[/red] {esc(target)}", highlight=False, soft_wrap=True)
            for problem in exc.problems:  # one line each, never folded: easy to grep
                err.print(f"  {problem}", highlight=False, markup=False, soft_wrap=True)
            continue
        console.print(
            f"[green]valid[/green]   {esc(target)} ({esc(scn.name)}: {len(scn.sites)} sites, "
            f"{scn.years.start}-{scn.years.end})"
        )
        for note in scenario_warnings(scn):
            warn(note)
    if bad:
        raise typer.Exit(2)


@data_app.command("sources")
def data_sources(
    section: Annotated[
        str | None, typer.Argument(help="Only paths starting with this, e.g. accelerators.H100")
    ] = None,
    low: Annotated[bool, typer.Option("--low", help="Only low-confidence values.")] = False,
) -> None:
    """What each dataset value rests on: path, value, confidence and source."""
    data, _ = load_default()
    t = Table(
        title="packaged dataset: values and their sources", title_justify="left", show_lines=False
    )
    t.add_column("path", style="bold", no_wrap=True)
    t.add_column("value", justify="right")
    t.add_column("conf.")
    t.add_column("source", overflow="fold")
    n = 0
    for v in iter_values(data):
        if section and not v.path.startswith(section):
            continue
        if low and v.confidence != "low":
            continue
        source = esc(v.source) if v.source else "[red]MISSING[/red]"
        t.add_row(esc(v.path), esc(v.value), v.confidence, source)
        n += 1
    console.print(t)
    console.print(f"{n} values")


def main() -> None:
    app()
