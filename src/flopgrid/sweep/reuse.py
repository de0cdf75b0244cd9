"""Work shared between the runs of a sweep inside one worker process.

A sweep plans many scenarios of the same shape. Each worker keeps, per model structure
(the labels of every variable and constraint), a persistent HiGHS instance (linopy's
persistent solver interface). A new model of a structure seen before is diffed against the
last one and only its changed costs, bounds, right-hand sides and coefficients are written
into HiGHS (``changeColsCost``, ``changeColsBounds``, ``changeRowBounds``, ``changeCoeff``);
the simplex then starts from the previous optimal basis. A structural change (another
sparsity, more sites) falls back to a fresh build, so a warm solve is never wrong, only
sometimes not warm.

The simplex that re-solves is chosen by what changed (:func:`warm_strategy`): a basis that
was optimal stays primal feasible when only costs change (primal simplex) and dual
feasible when only limits change (dual simplex); a sample that changes both (a discount
rate and a demand level) is solved in two steps, the new limits under the old costs by dual
simplex and then the new costs by primal simplex. On global-36-fabs that takes ~490 simplex
iterations where HiGHS's dual simplex from the same basis takes ~1,200 and a cold solve
~3,200 (``benchmarks/warm_solve.py``).

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
from dataclasses import replace

import linopy
import numpy as np
import pandas as pd
from linopy import solvers
from linopy.constants import Solution
from linopy.constraints import CSRConstraint
from linopy.persistent.diff import ModelDiff

from ..solve import SOLVER_CACHE

#: HiGHS options of every solve in a sweep worker, under the run's own options (which win).
#: ``threads``: a worker is one of as many as there are cores, so HiGHS's own pool (half the
#: machine's cores by default, started once a process) would only compete with the others.
#: Measured in benchmarks/README.md, "Issue 17".
SWEEP_HIGHS_OPTIONS: dict = {"threads": 1}
#: HiGHS ``simplex_strategy`` values: dual and primal simplex
DUAL, PRIMAL = 1, 4


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
        self.last_strategy = ""
        self.last_iterations = 0
        self._last_coords: dict[str, tuple] | None = None

    def solve(self, m: linopy.Model, options: dict) -> tuple[str, str, float]:
        """Solve ``m`` (warm when its structure is cached); return status, termination, run [s]."""
        m.reset_solution()
        m.constraints.sanitize_zeros()
        m.constraints.sanitize_infinities()
        options = {**SWEEP_HIGHS_OPTIONS, **options}
        key = structure_signature(m)
        solver = self._solvers.get(key)
        coords = model_coords(m)
        reason = "" if solver is not None else structure_change(self._last_coords, coords)
        self._last_coords = coords
        strategy = "cold"
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
            iterations = _iterations(solver)
        else:
            self._solvers.move_to_end(key)
            rebuilds = solver._rebuilds
            solver.options.update(options)  # a rebuild reads them again (the log file)
            h = solver.solver_model
            for name, value in options.items():
                h.setOptionValue(name, value)
            before = float(h.getRunTime())
            costs = np.asarray(h.getLp().col_cost_)  # before the update: stage 1's costs
            diff = solver.update(m)  # in place, or a rebuild when linopy refuses the diff
            if solver._rebuilds > rebuilds or not isinstance(diff, ModelDiff):
                mode, before = "rebuilt", 0.0
                reason = "the matrix's sparsity pattern changed"
                result = solver.solve()
                iterations = _iterations(solver)
            else:
                mode = "warm"
                strategy = warm_strategy(diff, options)
                result, iterations = _warm_run(solver, diff, strategy, costs)
        h = solver.solver_model
        run_time = max(float(h.getRunTime()) - before, 0.0)
        self.last_mode = mode
        self.last_reason = reason
        self.last_strategy = strategy
        self.last_iterations = iterations
        self.stats[mode] += 1
        self.stats["iterations"] += iterations
        # No solver is attached to the model (assign_result(result) without it): a later
        # ``m.solver = ...`` would otherwise close the cached HiGHS instance.
        status, termination = assign_result(m, result)
        return status, termination, run_time


def assign_result(m: linopy.Model, result: solvers.Result) -> tuple[str, str]:
    """``m.assign_result(result)``, with each variable's solution laid on its own grid as
    it is: linopy's setter aligns it to the labels first (``broadcast_like``, then a
    MultiIndex-safe assign), ~7 ms a variable, 70 ms of a global-36-fabs sample.

    Only for models whose rows are all frozen (CSR) and whose variables have no MultiIndex
    (every plan's); anything else goes through linopy unchanged.
    """
    sol = result.solution
    lean = (
        result.status.is_ok
        and sol is not None
        and len(sol.primal) > 0
        and all(isinstance(c, CSRConstraint) for _, c in m.constraints.items())
        and not any(
            isinstance(index, pd.MultiIndex)
            for _, var in m.variables.items()
            for index in var.labels.indexes.values()
        )
    )
    if not lean:
        return m.assign_result(result)
    assert sol is not None
    head = Solution(np.empty(0), np.empty(0), sol.objective)
    status, termination = m.assign_result(replace(result, solution=head))  # status, objective
    for _, var in m.variables.items():
        start, end = var.range
        values = sol.primal[start:end].reshape(var.shape) / var.solver_scaling.values
        var._data = var.data.assign(solution=(var.dims, values))
    if len(sol.dual):
        scaling = m.objective.scaling
        for _, con in m.constraints.items():
            start, end = con.range
            con._dual = sol.dual[start:end][con.active_positions] * con._scaling / scaling  # type: ignore[attr-defined]
    return status, termination


def warm_strategy(diff: ModelDiff, options: dict) -> str:
    """Which simplex re-solves a model from its last optimal basis after ``diff``.

    ``primal`` when only costs changed (the basis stays primal feasible), ``dual`` when only
    bounds or right-hand sides changed (it stays dual feasible), ``dual-primal`` when
    both did (the new limits under the old costs by dual simplex, then the new costs by
    primal simplex from that optimum), and ``as set`` when neither feasibility survives
    (coefficients, signs or types changed) or the options choose the method themselves.
    """
    if "simplex_strategy" in options or options.get("solver", "choose") not in (
        "choose",
        "simplex",
    ):
        return "as set"
    costs = diff.obj_c_indices is not None and diff.obj_c_indices.size > 0
    limits = diff.var_bounds_indices.size > 0 or diff.con_rhs_indices.size > 0
    other = (
        diff.n_coef_updates > 0
        or diff.con_sign_indices.size > 0
        or diff.var_type_positions.size > 0
        or diff.obj_sense is not None
    )
    if other:
        return "as set"
    if costs and limits:
        return "dual-primal"
    return "primal" if costs else "dual"


def _iterations(solver: solvers.Solver) -> int:
    return int(solver.solver_model.getInfo().simplex_iteration_count)


def _warm_run(
    solver: solvers.Solver, diff: ModelDiff, strategy: str, costs: np.ndarray
) -> tuple[solvers.Result, int]:
    """Run the updated HiGHS model by ``strategy``; return the result and simplex iterations.

    ``costs``: the columns' costs before the update (stage 1 of ``dual-primal``).
    """
    h = solver.solver_model
    if strategy == "as set":
        return solver.solve(), _iterations(solver)
    default = h.getOptionValue("simplex_strategy")[1]
    iterations = 0
    try:
        if strategy == "dual-primal":
            idx, new = diff.obj_c_indices, diff.obj_c_values
            assert idx is not None and new is not None
            h.changeColsCost(idx.size, idx, costs[idx])
            h.setOptionValue("simplex_strategy", DUAL)
            first = solver.solve()
            iterations += _iterations(solver)
            h.changeColsCost(idx.size, idx, new)
            # not optimal (infeasible limits, or unbounded under the old costs): the whole
            # model once more by the default method, which says what the new one is
            strategy = "primal" if first.status.is_ok else "as set"
        method = {"primal": PRIMAL, "dual": DUAL}.get(strategy, default)
        h.setOptionValue("simplex_strategy", method)
        result = solver.solve()
        iterations += _iterations(solver)
    finally:
        h.setOptionValue("simplex_strategy", default)
    return result, iterations


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
