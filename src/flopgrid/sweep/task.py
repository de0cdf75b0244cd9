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
from typing import Any

from ..errors import FlopgridError
from ..plan import PlanOptions
from ..workflow import run_plan
from .reuse import warm_start
from .sample import plan_sample


def run_task(payload: dict) -> dict:
    """Plan one task; return ``ok``, ``run_id``, ``meta`` and ``summary``, or ``error``.

    ``payload``: ``task_no``, ``scenario``, ``overrides``, ``options`` (PlanOptions
    fields), ``keep_runs`` (write a run folder per task; without it the sample is planned
    on the worker's live model and only what the sweep records comes back), ``out``
    (folder for run folders), ``store`` (for the identical-run check, or None),
    ``warm_start`` and ``run_report`` (write each run's report.html).
    """
    started = time.time()
    cpu = time.process_time()
    base = {"task_no": payload["task_no"], "worker": f"{socket.gethostname()}:{os.getpid()}"}
    base["started"] = started
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if not payload.get("keep_runs", False):
                return _sample_task(payload, base, started, cpu)
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
    timings: dict[str, Any] = {
        "task_s": time.time() - started,
        "cpu_s": time.process_time() - cpu,
        "started": started,
        "finished": time.time(),
    }
    if outcome.report_error:
        base["report_error"] = outcome.report_error
    if outcome.repeated:
        return {**base, "ok": True, "repeated": True, "run_id": outcome.run_id, "timings": timings}
    result = outcome.new_result
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


def _sample_task(payload: dict, base: dict, started: float, cpu: float) -> dict:
    """A task without a run folder: the sample planned on this worker's live model."""
    result, summary = plan_sample(
        payload["scenario"], payload["overrides"], PlanOptions(**payload.get("options", {}))
    )
    finished = time.time()
    timings = {"task_s": finished - started, "cpu_s": time.process_time() - cpu}
    timings.update(result.meta.get("timings_s", {}))
    timings.update(started=started, finished=finished)
    reuse = result.meta["reuse"]
    timings.update(solve_mode=reuse["mode"], rebuild_reason=reuse["reason"])
    timings.update(simplex=reuse["simplex"], simplex_iterations=reuse["iterations"])
    return {
        **base,
        "ok": True,
        "repeated": False,
        "run_id": result.meta["run_id"],
        "folder": None,
        "meta": result.meta,
        "summary": summary,
        "timings": timings,
    }
