"""Work shared between the runs of a sweep inside one worker process.

A sweep plans many scenarios of the same shape. Each worker keeps, per model structure
(the labels of every variable and constraint), a persistent HiGHS instance (linopy's
persistent solver interface). A new model of a structure seen before is diffed against the
last one and only its changed costs, bounds, right-hand sides and coefficients are written
into HiGHS (``changeColsCost``, ``changeColsBounds``, ``changeRowBounds``, ``changeCoeff``);
the simplex then starts from the previous optimal basis. A structural change (another
sparsity, more sites) falls back to a fresh build, so a warm solve is never wrong, only
sometimes not warm.

What warm start does *not* promise: the same plan as a cold solve when the optimum is not
unique. Its objective equals the cold one (tests check 1e-6), but among equally cheap plans
it may return another one than a cold solve, and which one depends on the order the worker
saw the samples in. That is why it is off by default (``--warm-start`` turns it on).

The linopy build itself is not shared: the model's coefficients are products of the
scenario's arrays, and only :func:`flopgrid.plan.build_model` knows how; see the sweep
benchmark for where the time goes.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterator

import linopy
import numpy as np
from linopy import solvers

from ..solve import SOLVER_CACHE


def structure_signature(m: linopy.Model) -> str:
    """A digest of a model's structure: names, shapes and labels of variables and
    constraints, and for frozen constraints their matrix's sparsity pattern."""
    h = hashlib.blake2b(digest_size=16)
    for name in m.variables:
        labels = m.variables[name].labels
        h.update(f"v:{name}:{labels.shape}".encode())
        h.update(labels.values.tobytes())
    for name, con in m.constraints.items():
        csr = getattr(con, "_csr", None)
        if csr is None or getattr(con, "_cindex", None) is None:  # not frozen: its labels
            labels = con.labels
            h.update(f"c:{name}:{labels.shape}".encode())
            h.update(labels.values.tobytes())
            continue
        # a frozen CSRConstraint's own fields (linopy types the container's items as the base)
        cindex, active = con._cindex, con.active_positions  # type: ignore[attr-defined]
        h.update(f"c:{name}:{con.shape}:{cindex}".encode())
        for part in (active, csr.indptr, csr.indices):
            h.update(np.ascontiguousarray(part).tobytes())
    return h.hexdigest()


def model_coords(m: linopy.Model) -> dict[str, tuple]:
    """The labels of every dimension of a model's variables (years, sites, technologies...)."""
    out: dict[str, tuple] = {}
    for name in m.variables:
        for dim, index in m.variables[name].labels.indexes.items():
            out.setdefault(str(dim), tuple(index))
    return out


def structure_change(before: dict[str, tuple] | None, after: dict[str, tuple]) -> str:
    """Why a model needs a new HiGHS instance: what differs from the last one seen."""
    if before is None:
        return "first model of this worker"
    changed = []
    for dim in sorted(set(before) | set(after)):
        old, new = set(before.get(dim, ())), set(after.get(dim, ()))
        if old != new:
            parts = [
                f"+{len(new - old)}" if new - old else "",
                f"-{len(old - new)}" if old - new else "",
            ]
            changed.append(f"{dim} {' '.join(p for p in parts if p)}")
    if changed:
        return "other " + ", ".join(changed)
    return "other variables or rows (a mask or limit changed the sparsity pattern)"


class SolverCache:
    """Persistent HiGHS solvers keyed by model structure (one cache per worker thread).

    Attributes
    ----------
    stats
        Counts of ``cold`` builds, ``warm`` in-place updates and ``rebuilt`` solvers
        (a cached structure whose diff linopy refused), and simplex ``iterations``.
    """

    def __init__(self, max_structures: int = 4) -> None:
        self.max_structures = max_structures
        self._solvers: OrderedDict[str, solvers.Solver] = OrderedDict()
        self.stats = {"cold": 0, "warm": 0, "rebuilt": 0, "iterations": 0}
        self.last_mode = ""
        self.last_reason = ""
        self.last_iterations = 0
        self._last_coords: dict[str, tuple] | None = None

    def solve(self, m: linopy.Model, options: dict) -> tuple[str, str, float]:
        """Solve ``m`` (warm when its structure is cached); return status, termination, run [s]."""
        m.reset_solution()
        m.constraints.sanitize_zeros()
        m.constraints.sanitize_infinities()
        key = structure_signature(m)
        solver = self._solvers.get(key)
        coords = model_coords(m)
        reason = "" if solver is not None else structure_change(self._last_coords, coords)
        self._last_coords = coords
        if solver is None:
            solver = solvers.Solver.from_name(
                "highs", model=m, io_api="direct", options=dict(options), set_names=False
            )
            self._solvers[key] = solver
            while len(self._solvers) > self.max_structures:
                self._solvers.popitem(last=False)[1].close()
            mode = "cold"
            before = 0.0
            result = solver.solve()
        else:
            self._solvers.move_to_end(key)
            rebuilds = solver._rebuilds
            solver.options.update(options)  # a rebuild reads them again (the log file)
            h = solver.solver_model
            for name, value in options.items():
                h.setOptionValue(name, value)
            before = float(h.getRunTime())
            result = solver.solve(model=m)
            if solver._rebuilds > rebuilds:
                mode, before = "rebuilt", 0.0
                reason = "the matrix's sparsity pattern changed"
            else:
                mode = "warm"
        h = solver.solver_model
        run_time = max(float(h.getRunTime()) - before, 0.0)
        self.last_mode = mode
        self.last_reason = reason
        self.last_iterations = int(h.getInfo().simplex_iteration_count)
        self.stats[mode] += 1
        self.stats["iterations"] += self.last_iterations
        # No solver is attached to the model (assign_result(result) without it): a later
        # ``m.solver = ...`` would otherwise close the cached HiGHS instance.
        status, termination = m.assign_result(result)
        return status, termination, run_time


_local = threading.local()


def worker_cache() -> SolverCache:
    """This worker thread's cache (created on first use, kept for the process's life)."""
    cache = getattr(_local, "cache", None)
    if cache is None:
        cache = _local.cache = SolverCache()
    return cache


@contextlib.contextmanager
def warm_start(enabled: bool = True) -> Iterator[SolverCache | None]:
    """Solve every model planned inside the block through this worker's solver cache."""
    if not enabled:
        yield None
        return
    cache = worker_cache()
    token = SOLVER_CACHE.set(cache)
    try:
        yield cache
    finally:
        SOLVER_CACHE.reset(token)
