"""The flopgrid command line (Typer). Thin: parse, call the API, print with rich.

Importing this module loads typer, rich and flopgrid's light modules only: each command
imports what it needs (the scenario schema, the model, the run store) when it runs, so that
``--help`` and ``--version`` start at once (``tests/cli/test_startup.py`` checks it).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..errors import FlopgridError, ModelInfeasibleError, ScenarioError
from .audit_cmd import audit_command
from .data_cmd import data_app
from .dispatch_cmd import dispatch_command, headroom_command
from .finance_cmd import finance_command
from .help import PLAIN, WholeHelpGroup
from .plan_cmd import plan_command
from .render import esc
from .runs_cmd import report_command, runs_app
from .sweep_cmd import sweep_app
from .validate_cmd import validate_command

app = typer.Typer(
    cls=WholeHelpGroup,
    **PLAIN,
    add_completion=False,
    no_args_is_help=True,
    help="flopgrid: plan the global AI compute grid, from fab to flop.",
)
scenarios_app = typer.Typer(
    cls=WholeHelpGroup, **PLAIN, no_args_is_help=True, help="List, show and validate scenarios."
)
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
        from .. import __version__

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
    # folded at words to the terminal's width (errors stay whole: they name paths)
    err.print(f"[yellow]warning:[/yellow] {esc(message)}", highlight=False)


@scenarios_app.command("list")
def scenarios_list() -> None:
    """The built-in seed scenarios."""
    from ..scenario import builtin_names, load_scenario

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
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override PATH=VALUE (repeatable), e.g. discount_rate=0.07."),
    ] = None,
    changes_only: Annotated[
        bool,
        typer.Option(
            "--changes",
            help="Only what differs from the scenario it extends (the packaged dataset for "
            "'default'); null marks a field it removes.",
        ),
    ] = False,
) -> None:
    """Print the fully resolved scenario as YAML (--changes: only what it changes)."""
    import yaml

    from ..scenario import load_raw, load_scenario
    from ..scenario.changes import changes, parent_of

    try:
        scn = load_scenario(scenario, set_ or ())  # a scenario that is not valid fails here
        data = scn.model_dump(mode="json", exclude_none=True)
        if changes_only:  # as written (before the schema's defaults), against the parent's
            parent = parent_of(scenario)
            base = {} if scenario == "default" else load_raw(parent)[0]
            data = changes(base, load_raw(scenario, set_ or ())[0])
    except FlopgridError as exc:
        fail(exc)
    if changes_only:
        n = _leaves(data)
        typer.echo(
            f"# {scn.name}: {n} value{'s differ' if n != 1 else ' differs'} from {parent}"
            + (" (with --set)" if set_ else "")
        )
        if not data:
            return
    typer.echo(yaml.safe_dump(data, sort_keys=False))


def _leaves(data: object) -> int:
    if isinstance(data, dict):
        return sum(_leaves(v) for v in data.values())
    return 1


@scenarios_app.command("validate")
def scenarios_validate(
    files: Annotated[
        list[str] | None, typer.Argument(help="Scenario files or built-in names.")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Validate every built-in scenario.")] = False,
) -> None:
    """Validate scenarios: exit 0 when all are valid, 2 with every problem otherwise."""
    from ..scenario import builtin_names, load_scenario
    from ..scenario.notices import scenario_warnings

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


def main() -> None:
    app()
