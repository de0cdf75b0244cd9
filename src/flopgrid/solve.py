"""Hand a built linopy model to a solver; report status and timings, never raw dumps."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

import linopy

from .errors import SolverError

#: statuses a run can end with in summary.json
OPTIMAL = "optimal"
INFEASIBLE = "infeasible"


#: A persistent solver cache, set by a sweep worker around each run
#: (:class:`flopgrid.sweep.reuse.SolverCache`): a model whose structure was solved before is
#: updated in place and warm-started from that solve's basis. ``None``, the default, solves
#: every model cold.
SOLVER_CACHE: contextvars.ContextVar = contextvars.ContextVar("flopgrid_solver_cache", default=None)


@dataclass(frozen=True)
class SolveOutcome:
    """What the solver said and how long each part took [s]."""

    status: str
    termination: str
    objective: float | None
    solver: str
    solver_version: str
    timings_s: dict = field(default_factory=dict)
    log: str = ""


@contextlib.contextmanager
def _quiet_fd(stream=sys.stdout):
    """Silence C-level writes to stdout (solver banners) for the duration."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        yield
        return
    stream.flush()
    saved = os.dup(fd)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), fd)
        try:
            yield
        finally:
            stream.flush()
            os.dup2(saved, fd)
            os.close(saved)


def solver_version(name: str) -> str:
    if name == "highs":
        import highspy

        h = highspy.Highs()
        return f"{h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()}"
    return "unknown"


@contextlib.contextmanager
def _quiet_linopy():
    """linopy logs its whole result as a warning when a solve is not optimal ('Optimization
    potentially failed: ... Dual bound: 0.00e+00'), which a user of the command line sees
    before flopgrid's own report of the infeasibility; flopgrid reports the status itself."""
    log = logging.getLogger("linopy.constants")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def solve_model(
    m: linopy.Model,
    solver: str = "highs",
    time_limit_s: float | None = None,
    options: dict | None = None,
) -> SolveOutcome:
    """Solve ``m`` in place and return its outcome.

    HiGHS is called through its direct API (no files). The time split is
    ``handoff_and_extract_s`` (linopy passing the model and reading the answer back)
    and ``solver_s`` (the solver's own run time).

    Raises
    ------
    SolverError
        If the solver is not installed, or stopped without an answer (time limit,
        numerical trouble). Infeasibility is not an error here: the status says it.
    """
    if solver not in linopy.available_solvers:
        raise SolverError(
            f"solver {solver!r} is not installed; available: {', '.join(linopy.available_solvers)}"
        )
    opts = dict(options or {})
    if time_limit_s is not None:
        opts["time_limit"] = float(time_limit_s)
    log_path = None
    if solver == "highs":
        fd, log_path = tempfile.mkstemp(prefix="flopgrid-highs-", suffix=".log")
        os.close(fd)
        opts.setdefault("log_to_console", False)
        opts.setdefault("log_file", log_path)
    kwargs: dict[str, Any] = {"io_api": "direct"} if solver == "highs" else {}
    cache = SOLVER_CACHE.get() if solver == "highs" else None
    t0 = time.perf_counter()
    with _quiet_fd(), _quiet_linopy():
        if cache is not None:
            status, termination, run_time = cache.solve(m, opts)
        else:
            status, termination = m.solve(solver_name=solver, progress=False, **kwargs, **opts)
    total = time.perf_counter() - t0
    if cache is None:
        run_time = total
        if solver == "highs" and getattr(m, "solver_model", None) is not None:
            run_time = float(m.solver_model.getRunTime())
    log = ""
    if log_path is not None:
        with contextlib.suppress(OSError):
            with open(log_path, encoding="utf-8", errors="replace") as fh:
                log = fh.read()
            os.unlink(log_path)
    termination = str(termination)
    if termination == "optimal":
        outcome_status = OPTIMAL
    elif termination in ("infeasible", "infeasible_or_unbounded"):
        outcome_status = INFEASIBLE
    else:
        raise SolverError(
            f"the solver stopped without an optimal answer: status {status!r}, "
            f"termination {termination!r}"
            + (" (raise --time-limit)" if "time" in termination else "")
        )
    objective = None
    if outcome_status == OPTIMAL:
        if m.objective.value is None:
            raise SolverError("the solver reported an optimum but no objective value")
        objective = float(m.objective.value)
    return SolveOutcome(
        status=outcome_status,
        termination=termination,
        objective=objective,
        solver=solver,
        solver_version=solver_version(solver),
        timings_s={
            "solve_total_s": total,
            "solver_s": run_time,
            "handoff_and_extract_s": max(total - run_time, 0.0),
        },
        log=log,
    )
