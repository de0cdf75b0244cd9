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
                    copy_repeat=False,
                )
    except FlopgridError as exc:
        return {**base, "ok": False, "error": f"{type(exc).__name__}: {exc}"}
    except Exception as exc:
        tail = traceback.format_exc(limit=-3)
        return {**base, "ok": False, "error": f"{type(exc).__name__}: {exc}\n{tail}"}
    timings = {"task_s": time.time() - started}
    if outcome.report_error:
        base["report_error"] = outcome.report_error
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
