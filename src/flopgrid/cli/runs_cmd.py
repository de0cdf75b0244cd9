"""`flopgrid runs ...` and `flopgrid report`: find, compare and show recorded runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..errors import FlopgridError
from ..results.bottlenecks import fmt_usd
from ..results.result import Result
from ..results.store import DEFAULT_STORE, RunStore
from ..results.summary import fmt_count
from ..safety import check_path_text
from .render import esc, print_plan

runs_app = typer.Typer(no_args_is_help=True, help="Find, compare and query recorded runs.")
console = Console()
StoreOpt = Annotated[Path, typer.Option("--store", help="Run store (DuckDB file).")]

#: headline rows of a comparison: (label, totals key, formatter)
HEADLINES = (
    ("system cost (NPV)", "objective_usd", fmt_usd),
    ("cash capex", "capex_usd", fmt_usd),
    ("peak accelerators", "peak_accelerators", fmt_count),
    ("peak facility power GW", "peak_facility_power_gw", lambda v: f"{v:.4g}"),
    ("energy TWh", "energy_twh", lambda v: f"{v:.4g}"),
    ("emissions Mt CO2e", "emissions_mt", lambda v: f"{v:.4g}"),
    ("new fabs", "new_fabs", lambda v: f"{v:.3g}"),
    ("unserved h100e-years", "unserved_h100e_years", fmt_count),
)


def _fail(exc: Exception) -> None:
    from . import fail

    fail(exc)


def _open(ref: str, store: Path) -> Result:
    """A run by id (or id prefix) in the store, or by its folder."""
    path = Path(ref)
    if (path / "meta.json").exists():
        return Result.load(path)
    if path.is_dir():
        raise FlopgridError(f"{ref} is a folder but not a flopgrid run folder (no meta.json)")
    return RunStore(store).open(ref)


def _value(result: Result, key: str) -> float:
    return result.objective_usd if key == "objective_usd" else result.summary["totals"][key]


@runs_app.command("list")
def runs_list(
    scenario: Annotated[str | None, typer.Option("--scenario", help="Only this scenario.")] = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Recorded runs, oldest first."""
    try:
        df = RunStore(store).list(scenario)
    except FlopgridError as exc:
        _fail(exc)
    t = Table(title=f"runs in {esc(store)}", title_justify="left")
    for col in (
        "run id",
        "kind",
        "scenario",
        "status",
        "cost (NPV)",
        "capex",
        "peak acc.",
        "peak GW",
        "Mt CO2e",
        "fabs",
    ):
        t.add_column(
            col,
            justify="left" if col in ("run id", "kind", "scenario", "status") else "right",
            no_wrap=col == "run id",
        )

    def num(v, fmt) -> str:
        return "-" if v is None or v != v else fmt(v)

    for r in df.itertuples():
        t.add_row(
            esc(r.run_id),
            esc(r.kind),
            esc(r.scenario),
            esc(r.status),
            fmt_usd(r.objective_usd),
            num(r.capex_usd, fmt_usd),
            num(r.peak_accelerators, fmt_count),
            num(r.peak_facility_power_gw, lambda v: f"{v:.3g}"),
            num(r.emissions_mt, lambda v: f"{v:.4g}"),
            num(r.new_fabs, lambda v: f"{v:.3g}"),
        )
    console.print(t)
    console.print(f"{len(df)} runs")


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
        from .dispatch_cmd import dispatch_table, work_table

        console.print(dispatch_table(result.summary))
        console.print(work_table(result.summary))
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
    """Side-by-side headline figures, changes against the first run, and what binds."""
    if len(runs) < 2:
        _fail(FlopgridError("give at least two runs to compare"))
    try:
        results = [_open(r, store) for r in runs]
    except (FlopgridError, FileNotFoundError) as exc:
        _fail(exc)
    if any(r.kind != "plan" for r in results):
        _fail(FlopgridError("runs compare compares plan runs; a dispatch run was given"))
    t = Table(title="comparison (change against the first run)", title_justify="left")
    t.add_column("")
    for r in results:
        label = r.meta["scenario"] + "".join(f"\n{o}" for o in r.meta.get("overrides") or [])
        t.add_column(esc(f"{label}\n{r.meta.get('run_id', '')}"), justify="right")
    for label, key, fmt in HEADLINES:
        base = _value(results[0], key)
        cells = [fmt(base)]
        for r in results[1:]:
            v = _value(r, key)
            delta = v - base
            pct = f" ({delta / base:+.1%})" if abs(base) > 1e-12 else ""
            sign = "+" if delta >= 0 else "-"
            cells.append(f"{fmt(v)}\n{sign}{fmt(abs(delta))}{pct}")
        t.add_row(label, *cells)
    necks = []
    for r in results:
        top = r.summary["bottlenecks"][:3]
        necks.append(esc("\n".join(f"{b['constraint']} @ {b['where']}" for b in top) or "none"))
    t.add_row("top bottlenecks", *necks)
    console.print(t)


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
        df = RunStore(store).sql(query)
    except FlopgridError as exc:
        _fail(exc)
    if as_json:
        typer.echo(json.dumps(json.loads(df.to_json(orient="records")), indent=1))
        return
    t = Table(title_justify="left")
    for col in df.columns:
        t.add_column(esc(col))
    for row in df.itertuples(index=False):
        t.add_row(*(f"{v:.6g}" if isinstance(v, float) else esc(v) for v in row))
    console.print(t)


@runs_app.command("delete")
def runs_delete(
    run: Annotated[str, typer.Argument(help="Run id or unique prefix.")],
    store: StoreOpt = DEFAULT_STORE,
    keep_files: Annotated[bool, typer.Option("--keep-files", help="Keep the run folder.")] = False,
) -> None:
    """Delete a run's record (and its folder unless --keep-files)."""
    try:
        run_id = RunStore(store).delete(run, remove_files=not keep_files)
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
    added, skipped = [], []
    try:
        runs = RunStore(store)
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
                f"recorded {len(added)} run(s) in {esc(store)}"
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
            target = out or Path(results[0].path) / "report.html"
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
