"""`flopgrid runs ...` and `flopgrid report`: find, compare and show recorded runs."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer
from rich.console import Console
from rich.table import Table

from ..errors import FlopgridError
from ..safety import DEFAULT_STORE, check_path_text
from ..units import fmt_count, fmt_num, fmt_plain, fmt_usd
from .fit import Col, print_table
from .help import PLAIN, WholeHelpGroup
from .render import esc, print_plan

if TYPE_CHECKING:
    from ..results.recorded import RecordedRun
    from ..results.result import Result
    from ..results.store import RunStore

runs_app = typer.Typer(
    cls=WholeHelpGroup, **PLAIN, no_args_is_help=True, help="Find, compare and query recorded runs."
)
console = Console()
StoreOpt = Annotated[Path, typer.Option("--store", help="Run store (DuckDB file).")]


def _fail(exc: Exception) -> None:
    from . import fail

    fail(exc)


def _store(path: Path) -> RunStore:
    from ..results.store import RunStore  # duckdb and pandas load only when a store is used

    return RunStore(path)


def _open(ref: str, store: Path) -> Result:
    """A run by id (or id prefix) in the store, or by its folder."""
    from ..results.result import Result

    path = Path(ref)
    if ref and (path / "meta.json").exists():  # '' is not the current folder
        return Result.load(path)
    if ref and path.is_dir():
        raise FlopgridError(f"{ref} is a folder but not a flopgrid run folder (no meta.json)")
    return _store(store).open(ref)


def _open_or_recorded(ref: str, store: Path) -> Result | RecordedRun:
    """A run as :func:`_open` finds it, or, for a sweep's run recorded without its folder,
    its headline figures and bottlenecks from the store."""
    if ref and Path(ref).is_dir():
        return _open(ref, store)
    return _store(store).open_or_recorded(ref)


#: the runs list's columns; higher priorities are left out first on a narrow terminal
RUN_COLUMNS = (
    Col("run id", style="bold"),
    Col("kind", priority=5),
    Col("scenario", priority=6),
    Col("status", priority=3),
    Col("options", priority=2, wrap=True, min_width=12),
    Col("cost (NPV)", "right", priority=1),
    Col("capex", "right", priority=4),
    Col("peak acc.", "right", priority=4),
    Col("peak power", "right", priority=3),
    Col("emissions", "right", priority=5),
    Col("new fabs", "right", priority=4),
)


def _float(value: object) -> float | None:
    """A DOUBLE column's value as a float (None for NULL)."""
    return None if value is None else float(cast(float, value))


def _options(overrides: object, folder: object) -> str:
    """What a run changed from its scenario: --set overrides (the store's JSON) and
    --milp (from the run folder's meta.json, when the folder is there)."""
    try:
        if isinstance(overrides, str):
            sets = json.loads(overrides)
        else:
            sets = list(cast(list, overrides) or [])
    except (ValueError, TypeError):
        sets = []
    milp = False
    with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
        meta = json.loads((Path(str(folder)) / "meta.json").read_text(encoding="utf-8"))
        milp = bool((meta.get("options") or {}).get("milp"))
    return " ".join([*(["--milp"] if milp else []), *(f"--set {o}" for o in sets)]) or "-"


@runs_app.command("list")
def runs_list(
    scenario: Annotated[str | None, typer.Option("--scenario", help="Only this scenario.")] = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Recorded runs, oldest first."""
    try:
        df = _store(store).list(scenario)
    except FlopgridError as exc:
        _fail(exc)
    if df.empty:  # a sentence, not an empty table
        of = f" of scenario {esc(scenario)}" if scenario else ""
        console.print(f"no runs{of} in {esc(store)}", highlight=False)
        return
    rows = [
        [
            esc(r.run_id),
            esc(r.kind),
            esc(r.scenario),
            esc(r.status),
            esc(_options(r.overrides, r.folder)),
            fmt_usd(_float(r.objective_usd)),
            fmt_usd(_float(r.capex_usd)),
            fmt_count(_float(r.peak_accelerators)),
            fmt_num(_float(r.peak_facility_power_gw), "GW"),
            fmt_num(_float(r.emissions_mt), "Mt CO2e"),
            fmt_count(_float(r.new_fabs)),
        ]
        for r in df.itertuples()
    ]
    print_table(console, RUN_COLUMNS, rows, title=f"runs in {esc(store)}")
    console.print(f"{len(df)} run{'s' if len(df) != 1 else ''}")


@runs_app.command("show")
def runs_show(
    run: Annotated[str, typer.Argument(help="Run id, unique id prefix, or run folder.")],
    store: StoreOpt = DEFAULT_STORE,
    top: Annotated[int, typer.Option("--top", help="Bottlenecks to show.", min=0)] = 10,
) -> None:
    """Headline, build-out by year and bottlenecks of one run."""
    try:
        result = _open(run, store)
    except (FlopgridError, FileNotFoundError) as exc:
        _fail(exc)
    if result.kind == "dispatch":
        from .dispatch_cmd import print_dispatch

        print_dispatch(console, result.summary)
    else:
        print_plan(console, result.summary, top)
    overrides = result.meta.get("overrides") or []
    console.print(
        f"folder: {esc(result.path)}"
        + (f"; overrides: {esc(' '.join(overrides))}" if overrides else ""),
        highlight=False,
    )


@runs_app.command("compare")
def runs_compare(
    runs: Annotated[list[str], typer.Argument(help="Two or more run ids or folders.")],
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Headline figures of several runs, one row a run with its change against the
    first, and what binds in each (see flopgrid.cli.compare for the layout)."""
    if len(runs) < 2:
        _fail(FlopgridError("give at least two runs to compare"))
    try:
        results = [_open_or_recorded(r, store) for r in runs]
    except (FlopgridError, FileNotFoundError) as exc:
        _fail(exc)
    if any(r.kind != "plan" for r in results):
        _fail(FlopgridError("runs compare compares plan runs; a dispatch run was given"))
    from .compare import bottleneck_table, figure_tables, key_table

    width = console.width
    console.print(key_table(results, width, lambda r: _options(r.meta.get("overrides"), r.path)))
    for table in figure_tables(results, width):
        console.print(table)
    console.print(bottleneck_table(results, width))


@runs_app.command("sql")
def runs_sql(
    query: Annotated[
        str,
        typer.Argument(
            help="A read-only SQL query over runs, run_years, run_sites, run_bottlenecks."
        ),
    ],
    store: StoreOpt = DEFAULT_STORE,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON records.")] = False,
) -> None:
    """Query the run store with SQL (read-only)."""
    try:
        df = _store(store).sql(query)
    except FlopgridError as exc:
        _fail(exc)
    if as_json:
        typer.echo(json.dumps(json.loads(df.to_json(orient="records")), indent=1))
        return
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    t = Table(title_justify="left")
    for col in df.columns:  # numbers right-aligned, as in every other table
        number = is_numeric_dtype(df[col]) and not is_bool_dtype(df[col])
        t.add_column(esc(col), justify="right" if number else "left")
    for row in df.itertuples(index=False):
        t.add_row(*(fmt_plain(v, 6) if isinstance(v, float) else esc(v) for v in row))
    console.print(t)


@runs_app.command("delete")
def runs_delete(
    run: Annotated[str, typer.Argument(help="Run id or unique prefix.")],
    store: StoreOpt = DEFAULT_STORE,
    keep_files: Annotated[bool, typer.Option("--keep-files", help="Keep the run folder.")] = False,
) -> None:
    """Delete a run's record (and its folder unless --keep-files)."""
    try:
        run_id = _store(store).delete(run, remove_files=not keep_files)
    except FlopgridError as exc:
        _fail(exc)
    console.print(f"deleted {esc(run_id)}", highlight=False)


@runs_app.command("add")
def runs_add(
    folders: Annotated[list[Path], typer.Argument(help="Run folders to record.")],
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Record run folders in the store: runs planned while the store was unusable, or a
    new store for the run folders of a damaged one. Runs already recorded are skipped."""
    from ..results.result import Result

    added, skipped = [], []
    try:
        runs = _store(store)
        known = set(runs.sql("SELECT run_id FROM runs")["run_id"]) if store.exists() else set()
        for folder in folders:
            try:
                meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                raise FlopgridError(
                    f"{folder} is not a flopgrid run folder (no readable meta.json)"
                ) from None
            if not isinstance(meta, dict) or "run_id" not in meta:
                raise FlopgridError(f"{folder}/meta.json has no run id")
            if meta["run_id"] in known:
                skipped.append(meta["run_id"])
                continue
            runs.record(Result.load(folder))
            known.add(meta["run_id"])
            added.append(meta["run_id"])
    except (FlopgridError, FileNotFoundError) as exc:
        _fail(exc)
    finally:
        if added or skipped:
            console.print(
                f"recorded {len(added)} run{'s' if len(added) != 1 else ''} in {esc(store)}"
                + (f"; {len(skipped)} already there" if skipped else ""),
                highlight=False,
            )


def report_command(
    runs: Annotated[
        list[str], typer.Argument(help="Run id(s) or folder(s); several make a comparison report.")
    ],
    out: Annotated[Path | None, typer.Option("--out", help="HTML file to write.")] = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Write a self-contained HTML report of a run, or a comparison of several."""
    from ..report.html import write_comparison, write_report

    try:
        results = [_open(r, store) for r in runs]
    except (FlopgridError, FileNotFoundError) as exc:
        _fail(exc)
    if out is not None:
        try:
            out = check_path_text(out, "--out")
        except FlopgridError as exc:
            _fail(exc)
        if out.is_dir():
            _fail(
                FlopgridError(
                    f"--out {out} is a folder; give the HTML file to write, "
                    f"e.g. --out {out / 'report.html'}"
                )
            )
    try:
        if len(results) == 1:
            target = out or results[0].folder / "report.html"
            if out is None and target.exists():
                console.print(f"{esc(target)} exists (written with the run)", highlight=False)
                return
            path = write_report(results[0], target)
        else:
            path = write_comparison(results, out or Path("runs") / "comparison.html")
    except OSError as exc:
        _fail(FlopgridError(f"cannot write the report: {exc}"))
    except Exception as exc:  # a bug in a figure: say so, the runs are untouched
        ids = ", ".join(str(r.meta.get("run_id", r.path)) for r in results)
        _fail(FlopgridError(f"the report of {ids} could not be drawn: {type(exc).__name__}: {exc}"))
    console.print(f"wrote {esc(path)}", highlight=False)
