"""Run a sweep: create it in the store, hand its pending tasks to an engine, record results.

The pending tasks go out along a short path through the design (:mod:`.order`), so that
a worker's next sample is near its last and the warm simplex has little to do.

Only this (parent) process writes the store: the tasks that finished since it last wrote,
together, at most every :data:`RECORD_EVERY_S` seconds (and at the end), each one's run
and task rows in one transaction. A stopped sweep keeps every recorded task (Ctrl-C records
what had finished; a killed parent loses the results of its last seconds, whose tasks stay
pending); resuming it submits only the pending ones.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import xarray as xr
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from ..errors import FlopgridError
from ..results.result import Result
from ..results.store import DEFAULT_STORE
from .design import Design
from .engines import WorkerLost
from .order import WarmQueue
from .store import DONE, FAILED, PENDING, SweepStore, new_sweep_id

#: a task whose worker died this many times is recorded as failed
MAX_ATTEMPTS = 3
#: finished tasks are recorded together at most this often [s]: opening the store costs
#: this process ~0.05-0.1 s of CPU a time, taken from the workers on a small machine
RECORD_EVERY_S = 2.0


class SweepInterrupted(Exception):
    """The sweep was stopped (Ctrl-C); what was recorded stays, the rest can be resumed."""


@dataclass
class SweepStats:
    """What one call of :func:`run_sweep` did."""

    sweep_id: str
    total: int
    done: int = 0
    failed: int = 0
    skipped: int = 0
    restarts: int = 0
    elapsed_s: float = 0.0
    timings: list = field(default_factory=list)

    @property
    def runs_per_minute(self) -> float:
        return 60.0 * (self.done + self.failed) / self.elapsed_s if self.elapsed_s else 0.0


def reuse_note(timings: list[dict]) -> str:
    """How the workers' live models were used: ``N updated in place, M built (why)``."""
    modes = [t.get("solve_mode") for t in timings if t.get("solve_mode")]
    if not modes:
        return ""
    built = [t for t in timings if t.get("solve_mode") in ("cold", "rebuilt")]
    reasons: dict[str, int] = {}
    for t in built:
        why = t.get("rebuild_reason") or "no cached model"
        reasons[why] = reasons.get(why, 0) + 1
    why = "; ".join(f"{n} x {r}" for r, n in reasons.items())
    return (
        f"model reuse: {modes.count('warm')} runs updated the worker's live model in place, "
        f"{len(built)} built it afresh" + (f" ({why})" if why else "")
    )


def _warm_queue(task_nos: list[int], tasks, slots: int) -> WarmQueue:
    """The pending ``task_nos``, handed out so that each worker's next task is near its last
    (:class:`~flopgrid.sweep.order.WarmQueue`): a warm solve starts from a nearby basis."""
    points = dict(zip(tasks["task_no"], tasks["point"], strict=True))
    coords = [(points.get(no) or {}).get("x") or {} for no in task_nos]
    return WarmQueue(task_nos, coords, slots)


def create_sweep(
    design: Design,
    store: Path | str = DEFAULT_STORE,
    out: Path | None = None,
    options: dict | None = None,
    warm_start: bool = False,
    run_report: bool = False,
    claims: Sequence[str] = (),
    keep_runs: bool = False,
) -> str:
    """Expand a design into tasks and record the sweep; return its id.

    Without ``keep_runs`` each task is planned on its worker's live model (updated in
    place, warm-started) and only what the sweep records is kept; with it each task
    writes a full run folder (``warm_start`` then says whether solves are warm)."""
    design.check_paths()
    tasks = design.tasks()
    sweep_id = new_sweep_id(design.source)
    folder = Path(out) if out is not None else Path(store).parent / "sweeps" / sweep_id
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        given = "--out " if out is not None else "the sweep folder "
        raise FlopgridError(
            f"{given}{folder}: cannot make a folder there ({exc.strerror}); give --out DIR "
            "in a folder you can write"
        ) from None
    info = {
        **design.describe(),
        "options": options or {},
        "warm_start": warm_start,
        "run_report": run_report,
        "keep_runs": keep_runs or run_report,
        "claims": list(claims),
    }
    SweepStore(store).create(sweep_id, design.source, info, folder, tasks)
    return sweep_id


def _progress(console: Console | None) -> Progress:
    """The sweep's progress line; it fits 80 columns (the sweep id is on the line above,
    so the line does not repeat it, and the bar is short), so nothing is cut with "…"."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(bar_width=12),
        TextColumn("{task.completed}/{task.total} done"),
        TextColumn("[red]{task.fields[failed]} failed"),
        TextColumn("[cyan]{task.fields[running]} running"),
        TextColumn("{task.fields[rate]:.1f} runs/min"),
        TimeElapsedColumn(),
        console=console,
        disable=console is None,
        transient=False,
    )


def run_sweep(
    sweep_id: str,
    engine,
    store: Path | str = DEFAULT_STORE,
    console: Console | None = None,
    on_result: Callable[[dict, object], None] | None = None,
    record_every_s: float = RECORD_EVERY_S,
) -> SweepStats:
    """Run every pending task of a sweep on ``engine`` and record the finished tasks, at
    most every ``record_every_s`` seconds (0: each as it finishes).

    ``on_result(result, engine)`` is called after each task is recorded (tests use it to
    kill a worker mid-sweep, recording each task at once).

    Raises
    ------
    SweepInterrupted
        On Ctrl-C, after cancelling the unfinished tasks.
    """
    sweeps = SweepStore(store)
    row = sweeps.sweep(sweep_id)
    sweep_id, info = row["sweep_id"], row["design"]
    tasks = sweeps.tasks(sweep_id)
    stats = SweepStats(sweep_id, len(tasks))
    stats.skipped = int((tasks["status"] != PENDING).sum())
    # Tasks with identical overrides are planned once; the others take that run.
    groups: dict[str, list[int]] = {}
    pending = tasks[tasks["status"] == PENDING]
    for task_no, task_overrides in zip(pending["task_no"], pending["overrides"], strict=True):
        groups.setdefault(json.dumps(task_overrides), []).append(int(task_no))
    overrides = dict(zip(tasks["task_no"], tasks["overrides"], strict=True))
    firsts = [nos[0] for nos in groups.values()]
    twins = {nos[0]: nos for nos in groups.values()}
    attempts: dict[int, int] = {}

    def payload(task_no: int) -> dict:
        return {
            "sweep_id": sweep_id,
            "task_no": task_no,
            "scenario": row["scenario"],
            "overrides": list(overrides[task_no]),
            "options": info.get("options", {}),
            "out": row["folder"],
            "store": str(Path(store).resolve()),
            "warm_start": info.get("warm_start", False),
            "run_report": info.get("run_report", False),
            "keep_runs": info.get("keep_runs", True),
        }

    def record(results: list[dict]) -> None:
        """Record finished tasks (one connection for all of them: the store's cost in this
        process, which shares the machine with the workers, is mostly opening it)."""
        finished = []
        for res in results:
            result = None
            if res["ok"] and not res["repeated"]:
                folder = Path(res["folder"]) if res.get("folder") else None
                result = Result(xr.Dataset(), res["meta"], {}, path=folder, summary=res["summary"])
            fields = {
                "status": DONE if res["ok"] else FAILED,
                "run_id": res.get("run_id"),
                "error": res.get("error"),
                "worker": res.get("worker"),
                "started": res.get("started"),
                "timings": res.get("timings"),
            }
            finished.append((result, twins[res["task_no"]], fields))
        sweeps.record_tasks(sweep_id, finished)
        for res in results:
            n = len(twins[res["task_no"]])
            if res["ok"]:
                stats.done += n
            else:
                stats.failed += n
            stats.timings.append(res.get("timings", {}))

    unrecorded: list[dict] = []  # finished, not yet in the store
    callbacks: list[dict] = []  # of those, the engine's results (for on_result)
    last_record = time.perf_counter()

    def flush() -> None:
        nonlocal last_record
        results, done = unrecorded[:], callbacks[:]
        unrecorded.clear()
        callbacks.clear()
        last_record = time.perf_counter()
        if results:
            record(results)
        for res in done:
            if on_result is not None:
                on_result(res, engine)

    t0 = time.perf_counter()
    inflight: dict = {}
    progress = _progress(console)
    engine.start()
    queue = _warm_queue(firsts, tasks, engine.slots)  # a Dask engine knows its slots now
    try:
        with progress:
            bar = progress.add_task(
                "progress",
                total=len(tasks),
                completed=stats.skipped,
                failed=0,
                running=0,
                rate=0.0,
            )
            freed: list[int] = []  # tasks whose slot is free: its worker's next is near it

            def fill() -> None:
                while queue and len(inflight) < engine.capacity:
                    task_no = queue.pop(freed.pop(0) if freed else None)
                    inflight[engine.submit(payload(task_no))] = task_no

            while queue or inflight:
                fill()
                finished = engine.wait(list(inflight), timeout=0.5)
                broken = False
                results, lost = [], []
                for handle in finished:
                    task_no = inflight.pop(handle)
                    try:
                        results.append(engine.result(handle))
                    except WorkerLost as exc:
                        broken |= exc.pool_broken
                        attempts[task_no] = attempts.get(task_no, 0) + 1
                        if attempts[task_no] >= MAX_ATTEMPTS:
                            error = f"WorkerLost: {exc}"
                            lost.append({"task_no": task_no, "ok": False, "error": error})
                        else:
                            queue.put_back(task_no)
                unrecorded.extend(results + lost)
                callbacks.extend(results)
                if not broken:  # the freed workers' next tasks before the store's write
                    freed.extend(int(r["task_no"]) for r in results)
                    fill()
                last = not (queue or inflight)
                if last or time.perf_counter() - last_record >= record_every_s:
                    flush()
                if broken:
                    # Every unfinished future of a broken pool fails: collect them, restart.
                    for task_no in inflight.values():
                        queue.put_back(task_no)
                    freed.clear()
                    inflight.clear()
                    engine.restart()
                    stats.restarts += 1
                elapsed = time.perf_counter() - t0
                progress.update(
                    bar,
                    completed=stats.skipped + stats.done + stats.failed,
                    failed=stats.failed,
                    running=min(len(inflight), engine.slots),
                    rate=60.0 * (stats.done + stats.failed) / elapsed if elapsed else 0.0,
                )
    except KeyboardInterrupt:
        engine.close(cancel=True)
        flush()
        stats.elapsed_s = time.perf_counter() - t0
        raise SweepInterrupted(
            f"sweep {sweep_id} stopped: {stats.skipped + stats.done + stats.failed} of "
            f"{stats.total} tasks recorded; resume with `flopgrid sweep --resume {sweep_id}`"
        ) from None
    except BaseException:
        engine.close(cancel=True)
        with contextlib.suppress(Exception):
            flush()  # what finished before the error (the error may be the store's own)
        raise
    engine.close()
    stats.elapsed_s = time.perf_counter() - t0
    return stats
