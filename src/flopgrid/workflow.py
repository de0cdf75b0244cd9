"""A run end to end: plan (resolve, detect repeats, plan) or dispatch (find the fleet,
dispatch), then write the run folder and record it.

The CLI and the sweep engines call :func:`run_plan` and :func:`run_dispatch`; they hold
no model logic, only the order of the steps and the promise that a run is either
complete (files and store record) or absent from the store.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from .plan import PlanOptions, plan
from .results.folder import new_run_id, run_folder, scenario_hash
from .results.result import Result
from .results.store import DEFAULT_STORE, RunStore, StoreError
from .scenario import load_scenario


@dataclass
class RunOutcome:
    """What :func:`run_plan` did: a new result, or the earlier identical run."""

    result: Result | None
    run_id: str
    folder: Path
    repeated: bool = False


def resolved_hash(resolved: dict, opts: PlanOptions) -> str:
    """Hash of what determines a plan: the resolved scenario and the model options."""
    return scenario_hash(
        {"scenario": resolved, "milp": opts.milp, "solver": opts.solver, "time": opts.time_key}
    )


def _write_report(result: Result, folder: Path) -> None:
    from .report.html import write_report

    write_report(result, folder / "report.html")


def _save(result: Result, out: Path | None, run_id: str, report: bool) -> Path:
    """Write a run's folder (with its report) under a name no other run holds."""
    writers = [lambda tmp: _write_report(result, tmp)] if report else []
    for attempt in range(3):
        # another process may take the same folder between our check and our rename
        folder = run_folder(out, run_id)
        try:
            result.save(folder, solver_log=getattr(result, "solver_log", ""), writers=writers)
            return folder
        except FileExistsError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def run_plan(
    source,
    overrides: list[str] | tuple[str, ...] = (),
    options: PlanOptions | None = None,
    out: Path | None = None,
    store: Path | str | None = DEFAULT_STORE,
    force: bool = False,
    report: bool = True,
    on_stage=None,
    record: bool = True,
) -> RunOutcome:
    """Plan a scenario into a new run folder and record it in the run store.

    An identical resolved scenario already in the store is not planned again
    (``force=True`` plans anyway); the earlier run is returned with ``repeated``.
    ``record=False`` still checks the store for an identical run but leaves the recording
    to the caller (a sweep's worker processes plan; only its parent process writes).
    """
    opts = options or PlanOptions()
    stage = on_stage or (lambda _s: None)
    stage("validating scenario")
    scn = load_scenario(source, overrides)
    resolved = scn.model_dump(mode="json")
    digest = resolved_hash(resolved, opts)
    runs = RunStore(store) if store is not None else None
    if runs is not None and not force:
        earlier = runs.find_hash(digest)
        if earlier:
            return RunOutcome(None, earlier[0]["run_id"], Path(earlier[0]["folder"]), True)
    result = plan(scn, options=opts, on_stage=on_stage)
    run_id = new_run_id(scn.name, digest)
    result.meta.update(run_id=run_id, scenario_hash=digest, overrides=list(overrides))
    stage("writing results")
    folder = _save(result, out, run_id, report)
    # Test hook: hold the run between its files and its record, so that a test can kill it
    # there and check the store stays consistent.
    pause = os.environ.get("FLOPGRID_TEST_PAUSE_BEFORE_RECORD_S")
    if pause:
        time.sleep(float(pause))
    if runs is not None and record:
        stage("recording run")
        runs.record(result)
    return RunOutcome(result, run_id, folder)


def _fleet_source(source: str, store: Path | str | None, plan_first: bool, overrides=()):
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
        return plan(source, overrides)
    return source


def run_dispatch(
    source: str,
    year: int | None = None,
    weeks: list[int] | None = None,
    overrides=(),
    series_csv=None,
    out: Path | None = None,
    store: Path | str | None = DEFAULT_STORE,
    plan_first: bool = False,
    report: bool = True,
    on_stage=None,
) -> RunOutcome:
    """Dispatch SOURCE's fleet hour by hour into a new run folder and record it."""
    from .dispatch import dispatch
    from .dispatch.inputs import horizon_hours

    stage = on_stage or (lambda _s: None)
    horizon_hours(weeks)  # bad weeks fail before any planning
    stage("finding the fleet")
    fleet_source = _fleet_source(source, store, plan_first, overrides)
    result = dispatch(
        fleet_source,
        year=year,
        weeks=weeks,
        overrides=() if isinstance(fleet_source, Result) else overrides,
        series_csv=series_csv,
        on_stage=on_stage,
    )
    digest = scenario_hash(
        {"scenario": result.scenario, "year": result.meta["year"], "weeks": weeks}
    )
    run_id = new_run_id(f"{result.meta['scenario']}-dispatch", digest)
    result.meta.update(run_id=run_id, scenario_hash=digest)
    stage("writing results")
    folder = _save(result, out, run_id, report)
    if store is not None:
        stage("recording run")
        RunStore(store).record(result)
    return RunOutcome(result, run_id, folder)
