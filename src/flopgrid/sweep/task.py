"""One sweep task, as run inside a worker process (local pool or Dask worker).

:func:`run_task` resolves the scenario, checks the store for an identical run, plans and
writes the run folder through :func:`flopgrid.workflow.run_plan` (with ``record=False``),
and returns what the parent needs to record it. It never raises: a bad sample or a solver
error comes back as data, so the sweep goes on.
"""

from __future__ import annotations

import os
import socket
import time
import traceback
import warnings
from pathlib import Path

from ..errors import FlopgridError
from ..plan import PlanOptions
from ..workflow import run_plan
from .reuse import warm_start

#: test hook: ``TASK_NO:MARKER`` kills the worker process once, the first time it starts
#: that task (the marker file records that it happened), to test worker loss.
CRASH_ENV = "FLOPGRID_TEST_SWEEP_CRASH"


def _maybe_crash(task_no: int) -> None:
    spec = os.environ.get(CRASH_ENV)
    if not spec:
        return
    number, marker = spec.split(":", 1)
    if int(number) == task_no and not Path(marker).exists():
        Path(marker).write_text(str(os.getpid()))
        os._exit(17)


def run_task(payload: dict) -> dict:
    """Plan one task; return ``ok``, ``run_id``, ``meta`` and ``summary``, or ``error``.

    ``payload``: ``task_no``, ``scenario``, ``overrides``, ``options`` (PlanOptions
    fields), ``out`` (folder for run folders), ``store`` (for the identical-run check, or
    None), ``warm_start`` and ``run_report`` (write each run's report.html).
    """
    started = time.time()
    base = {"task_no": payload["task_no"], "worker": f"{socket.gethostname()}:{os.getpid()}"}
    base["started"] = started
    try:
        _maybe_crash(payload["task_no"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with warm_start(payload.get("warm_start", False)) as cache:
                outcome = run_plan(
                    payload["scenario"],
                    payload["overrides"],
                    options=PlanOptions(**payload.get("options", {})),
                    out=Path(payload["out"]),
                    store=payload.get("store"),
                    report=payload.get("run_report", False),
                    record=False,
                )
    except FlopgridError as exc:
        return {**base, "ok": False, "error": f"{type(exc).__name__}: {exc}"}
    except Exception as exc:
        tail = traceback.format_exc(limit=-3)
        return {**base, "ok": False, "error": f"{type(exc).__name__}: {exc}\n{tail}"}
    timings = {"task_s": time.time() - started}
    if outcome.repeated:
        return {**base, "ok": True, "repeated": True, "run_id": outcome.run_id, "timings": timings}
    result = outcome.result
    timings.update(result.meta.get("timings_s", {}))
    if cache is not None:
        timings.update(solve_mode=cache.last_mode, simplex_iterations=cache.last_iterations)
    return {
        **base,
        "ok": True,
        "repeated": False,
        "run_id": outcome.run_id,
        "folder": str(Path(outcome.folder).resolve()),
        "meta": result.meta,
        "summary": result.summary,
        "timings": timings,
    }
