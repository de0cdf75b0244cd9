"""A run end to end: plan (resolve, detect repeats, plan) or dispatch (find the fleet,
dispatch), then write the run folder, record it, draw its report.

The CLI and the sweep engines call :func:`run_plan` and :func:`run_dispatch`; they hold
no model logic, only the order of the steps and these promises:

- a run is either complete (files and store record) or absent from the store;
- a run that was solved is never lost: its folder is written before anything that may
  fail (recording, the report), and an error after that says where the folder is;
- nothing is planned when its result could not be written or recorded (the folder and
  the store are checked first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import FlopgridError
from .plan import PlanOptions, plan
from .results.folder import new_run_id, run_folder, scenario_hash
from .results.folder_io import META, copy_run_folder
from .results.notices import yearly_plan_warnings
from .results.result import Result
from .results.store import DEFAULT_STORE, NoSuchRunError, RunStore, StoreError
from .safety import check_can_create
from .scenario import load_scenario
from .scenario.notices import scenario_warnings


class RunNotRecordedError(StoreError):
    """A run was solved and its folder written, but the run store refused the record."""

    def __init__(self, message: str, run_id: str, folder: Path) -> None:
        super().__init__(message)
        self.run_id = run_id
        self.folder = folder


@dataclass
class RunOutcome:
    """What :func:`run_plan` did: a new result, or the earlier identical run.

    ``report_error`` is set when the run was written and recorded but its report could
    not be drawn; ``warnings`` are things about the scenario worth a second look.
    """

    result: Result | None
    run_id: str
    folder: Path
    repeated: bool = False
    warnings: list[str] = field(default_factory=list)
    report_error: str | None = None

    @property
    def new_result(self) -> Result:
        """The Result solved by this run; a repeated run has none (its folder holds it)."""
        if self.result is None:
            raise FlopgridError(
                f"run {self.run_id} repeats an earlier run and solved nothing new: "
                f"read its result from {self.folder}"
            )
        return self.result


def resolved_hash(resolved: dict, opts: PlanOptions) -> str:
    """Hash of what determines a plan: the resolved scenario and the model options."""
    return scenario_hash(
        {"scenario": resolved, "milp": opts.milp, "solver": opts.solver, "time": opts.time_key}
    )


def check_writable_folder(folder: Path) -> None:
    """Raise :class:`FlopgridError` unless a run folder can be made in ``folder``."""
    try:
        check_can_create(folder / "run")
    except OSError as exc:
        raise FlopgridError(
            f"cannot write run folders in {folder.absolute()}: {exc.strerror or exc}; "
            "give --out DIR (and --store PATH) in a folder you can write"
        ) from None


def write_run_report(result: Result, folder: Path) -> str | None:
    """Draw ``folder/report.html``; the error in words if that failed, else None.

    Any error counts: a bug in a figure must never cost the run it draws.
    """
    from .report.html import write_report

    try:
        write_report(result, folder / "report.html")
    except Exception as exc:  # any error: reported to the user with the run id
        return f"{type(exc).__name__}: {exc}"
    return None


def _earlier_run(runs: RunStore, digest: str) -> dict | None:
    """The newest recorded run of the same resolved scenario whose folder still exists."""
    for row in runs.find_hash(digest):
        if row["folder"] and (Path(row["folder"]) / META).exists():
            return row
    return None


def _save_and_record(
    result: Result, out: Path | None, runs: RunStore | None, stage: Callable[[str], None]
) -> Path:
    """Write a run's folder under a name no other run holds, then record it."""
    run_id = result.meta["run_id"]
    stage("writing results")
    for attempt in range(3):
        # another process may take the same folder between our check and our rename
        folder = run_folder(out, run_id)
        try:
            result.save(folder, solver_log=result.solver_log)
            break
        except FileExistsError:
            if attempt == 2:
                raise
    if runs is not None:
        stage("recording run")
        try:
            runs.record(result)
        except (StoreError, OSError) as exc:
            verb = "dispatched" if result.kind == "dispatch" else "planned"
            raise RunNotRecordedError(
                f"run {run_id} was {verb} and written to {folder.absolute()}, but not "
                f"recorded: {exc} Nothing is lost: `flopgrid runs show {folder}` shows it and "
                f"`flopgrid runs add {folder}` records it once the store is fixed.",
                run_id,
                folder,
            ) from None
    return folder


def run_plan(
    source,
    overrides: list[str] | tuple[str, ...] = (),
    options: PlanOptions | None = None,
    out: Path | str | None = None,
    store: Path | str | None = DEFAULT_STORE,
    force: bool = False,
    report: bool = True,
    on_stage: Callable[[str], None] | None = None,
    record: bool = True,
    copy_repeat: bool = True,
) -> RunOutcome:
    """Plan a scenario into a new run folder and record it in the run store.

    An identical resolved scenario already in the store is not planned again
    (``force=True`` plans anyway); the earlier run is returned with ``repeated``, and
    copied to ``out`` when ``out`` is given (``copy_repeat``), so that the folder the user
    asked for holds the run. ``record=False`` still checks the store for an identical
    run but leaves the recording to the caller (a sweep's worker processes plan; only its
    parent process writes).

    Raises
    ------
    ScenarioError, ModelInfeasibleError, SolverError
        Bad input, no plan, the solver failed: nothing was written.
    StoreError
        The store cannot be read or written (checked before planning).
    RunNotRecordedError
        The run was planned (or dispatched) and written to its folder, but not recorded.
    """
    opts = options or PlanOptions()
    out = Path(out) if out is not None else None
    stage = on_stage or (lambda _s: None)
    stage("validating scenario")
    scn = load_scenario(source, overrides)
    notes = scenario_warnings(scn)
    resolved = scn.model_dump(mode="json")
    digest = resolved_hash(resolved, opts)
    runs = RunStore(store) if store is not None else None
    if runs is not None and not force:
        earlier = _earlier_run(runs, digest)
        if earlier is not None:
            folder = Path(earlier["folder"])
            if out is not None and copy_repeat:
                stage("copying the earlier run")
                folder = copy_run_folder(folder, run_folder(out, earlier["run_id"]))
            return RunOutcome(None, earlier["run_id"], folder, True, notes)
    run_id = new_run_id(scn.name, digest)
    check_writable_folder(run_folder(out, run_id).parent)
    if runs is not None and record:
        runs.check_writable()
    result = plan(scn, options=opts, on_stage=on_stage)
    result.meta.update(run_id=run_id, scenario_hash=digest, overrides=list(overrides))
    if opts.slicing == "yearly":
        from .timeseries.profiles import weather_techs  # loaded by the plan already

        notes = notes + yearly_plan_warnings(result.data, weather_techs(scn))
    if notes:
        result.meta["warnings"] = notes
    folder = _save_and_record(result, out, runs if record else None, stage)
    report_error = None
    if report:
        stage("drawing the report")
        report_error = write_run_report(result, folder)
    return RunOutcome(result, run_id, folder, False, notes, report_error)


def _fleet_source(source: str, store: Path | str | None, plan_first: bool, overrides=()):
    """A plan Result (run folder, run id) or a scenario name/file (planned if asked)."""
    if not source.strip():
        raise FlopgridError(f"expected a plan run id, a run folder or a scenario, got {source!r}")
    path = Path(source)
    if (path / META).exists():
        return Result.load(path)
    missing = None
    if store is not None and Path(store).exists() and not plan_first:
        try:
            return RunStore(store).open(source)
        except NoSuchRunError as exc:  # an ambiguous prefix or a missing folder: say so
            missing = exc
    if plan_first:
        return plan(source, overrides)
    if missing is not None and not _scenario_like(source):
        raise FlopgridError(
            f"no plan run {source!r} in {store} and no scenario file or built-in scenario of "
            "that name; see `flopgrid runs list` and `flopgrid scenarios list`"
        )
    return source


def _scenario_like(source: str) -> bool:
    from .scenario import builtin_names

    path = Path(source)  # a path is a scenario file: the loader says if it is missing
    looks_like_file = path.suffix in (".yaml", ".yml") or len(path.parts) > 1
    return source == "default" or looks_like_file or source in builtin_names()


def run_dispatch(
    source: str,
    year: int | None = None,
    weeks: list[int] | None = None,
    overrides=(),
    series_csv=None,
    series_year: int | None = None,
    out: Path | str | None = None,
    store: Path | str | None = DEFAULT_STORE,
    plan_first: bool = False,
    report: bool = True,
    on_stage: Callable[[str], None] | None = None,
) -> RunOutcome:
    """Dispatch SOURCE's fleet hour by hour into a new run folder, record it, draw its
    report (the same promises as :func:`run_plan`)."""
    from .dispatch import dispatch
    from .dispatch.inputs import horizon_hours

    out = Path(out) if out is not None else None
    stage = on_stage or (lambda _s: None)
    horizon_hours(weeks)  # bad weeks fail before any planning
    runs = RunStore(store) if store is not None else None
    if runs is not None:
        runs.check_writable()
    stage("finding the fleet")
    fleet_source = _fleet_source(source, store, plan_first, overrides)
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
    check_writable_folder(run_folder(out, run_id).parent)
    folder = _save_and_record(result, out, runs, stage)
    report_error = None
    if report:
        stage("drawing the report")
        report_error = write_run_report(result, folder)
    return RunOutcome(result, run_id, folder, report_error=report_error)
