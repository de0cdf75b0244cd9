"""Warm solves in the design's order against the order a sweep now hands tasks out.

    taskset -c 1 .venv/bin/python benchmarks/warm_order.py [--scenario global-36-fabs]
        [--samples 24]

Builds the scenario for the Latin-hypercube samples of ``sweep_bench.VARY`` (same seed),
solves each one cold (a fresh HiGHS model: the reference objective), then warm through one
:class:`~flopgrid.sweep.reuse.SolverCache` per worker, as sweep workers do, with the tasks
handed out three ways, by one worker and by two (taking turns):

- ``design``: the design's order (what sweeps did before), worker w every other task;
- ``path``: :func:`~flopgrid.sweep.order.warm_order`'s path, likewise;
- ``queue``: :class:`~flopgrid.sweep.order.WarmQueue` (what the runner does): each worker
  gets the pending task nearest its last.

Prints the mean and median simplex iterations and HiGHS seconds of the warm solves (each
worker's first solve is its cold build and is left out) and the worst relative objective
difference to the cold solve (must be <= 1e-9). Iterations do not depend on the machine's
load; seconds do.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from flopgrid.solve import SOLVER_CACHE, solve_model
from flopgrid.sweep import Design, parse_vary
from flopgrid.sweep.order import WarmQueue, warm_order
from flopgrid.sweep.reuse import SolverCache
from sweep_bench import VARY
from warm_solve import sample_model


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scenario", default="global-36-fabs")
    ap.add_argument("--samples", type=int, default=24)
    args = ap.parse_args()
    load0 = os.getloadavg()[0]
    tasks = Design(args.scenario, parse_vary(VARY), samples=args.samples, seed=1).tasks()
    models, cold = [], []
    for task in tasks:
        models.append(sample_model(args.scenario, task.overrides))
        ref = solve_model(sample_model(args.scenario, task.overrides))
        assert ref.objective is not None
        cold.append(ref.objective)
    points = [t.point["x"] for t in tasks]
    path = warm_order(points)
    print(
        f"warm solves by task order: {args.scenario}, {len(tasks)} samples, "
        f"load {load0:.1f} -> {os.getloadavg()[0]:.1f}"
    )
    head = f"  {'order':18} {'iters mean':>10} {'median':>7} {'HiGHS s mean':>12} {'median':>7}"
    print(head + "  worst rel obj")
    worst_all = 0.0
    for name in ("design", "path", "queue"):
        for workers in (1, 2):
            caches = [SolverCache() for _ in range(workers)]
            last: list[int | None] = [None] * workers
            queue = WarmQueue(list(range(len(tasks))), points, workers)
            order = path if name == "path" else list(range(len(tasks)))
            iters, secs, worst = [], [], 0.0
            for k in range(len(tasks)):
                w = k % workers  # the workers take turns
                i = queue.pop(last[w]) if name == "queue" else order[k]
                last[w] = i
                token = SOLVER_CACHE.set(caches[w])
                try:
                    got = solve_model(models[i])
                finally:
                    SOLVER_CACHE.reset(token)
                assert got.objective is not None
                worst = max(worst, abs(got.objective - cold[i]) / abs(cold[i]))
                if caches[w].last_mode == "warm":
                    iters.append(caches[w].last_iterations)
                    secs.append(got.timings_s["solver_s"])
            label = f"{name}, {workers} worker{'s' if workers > 1 else ''}"
            print(
                f"  {label:18} {statistics.mean(iters):10.0f} {statistics.median(iters):7.0f} "
                f"{statistics.mean(secs):12.3f} {statistics.median(secs):7.3f}  {worst:.1e}"
            )
            worst_all = max(worst_all, worst)
    if worst_all > 1e-9:
        print(f"objectives differ from cold by {worst_all:.1e} (> 1e-9)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
