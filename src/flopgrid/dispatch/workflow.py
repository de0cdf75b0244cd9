"""A dispatch run end to end: find the fleet, dispatch, write the folder, record it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..results.folder import new_run_id, run_folder, scenario_hash
from ..results.result import Result
from ..results.store import DEFAULT_STORE, RunStore, StoreError
from .inputs import horizon_hours
from .result import DispatchResult
from .run import dispatch
from .store import DispatchStore


@dataclass
class DispatchOutcome:
    result: DispatchResult
    run_id: str
    folder: Path
    #: set when the run was written and recorded but its report could not be drawn
    report_error: str | None = None


def resolve_source(source: str, store: Path | str | None, plan_first: bool, overrides=()):
    """A plan Result (run folder, run id) or a scenario name/file (planned if asked)."""
    path = Path(source)
    if (path / "meta.json").exists():
        return Result.load(path)
    if store is not None and Path(store).exists() and not plan_first:
        try:
            return RunStore(store).open(source)
        except StoreError:
            pass
    if plan_first:
        from ..plan import plan

        return plan(source, overrides)
    return source


def run_dispatch(
    source: str,
    year: int | None = None,
    weeks: list[int] | None = None,
    overrides=(),
    series_csv=None,
    series_year: int | None = None,
    out: Path | None = None,
    store: Path | str | None = DEFAULT_STORE,
    plan_first: bool = False,
    report: bool = True,
    on_stage=None,
) -> DispatchOutcome:
    """Dispatch SOURCE into a new run folder and record it in the run store."""
    stage = on_stage or (lambda _s: None)
    horizon_hours(weeks)  # bad weeks fail before any planning
    stage("finding the fleet")
    fleet_source = resolve_source(source, store, plan_first, overrides)
    result = dispatch(
        fleet_source,
        year=year,
        weeks=weeks,
        overrides=() if isinstance(fleet_source, Result) else overrides,
        series_csv=series_csv,
        series_year=series_year,
        on_stage=on_stage,
    )
    digest = scenario_hash(
        {"scenario": result.scenario, "year": result.meta["year"], "weeks": weeks}
    )
    run_id = new_run_id(f"{result.meta['scenario']}-dispatch", digest)
    result.meta.update(run_id=run_id, scenario_hash=digest)
    folder = run_folder(out, run_id)
    stage("writing results")
    result.save(folder)
    if store is not None:
        stage("recording run")
        DispatchStore(store).record_dispatch(result)
    report_error = None
    if report:  # after the run is safe: a figure that fails never costs the run
        from .figures import write_report

        stage("drawing the report")
        try:
            write_report(result, folder / "report.html")
        except Exception as exc:  # any error: reported to the user with the run id
            report_error = f"{type(exc).__name__}: {exc}"
    return DispatchOutcome(result, run_id, folder, report_error)
