"""Warm-solve HiGHS settings on a sweep's live model, side by side in one process.

    taskset -c 1 .venv/bin/python benchmarks/warm_solve.py [--scenario global-36-fabs]
        [--samples 12] [--variants choose,dual,primal,...]

Builds the scenario for the Latin-hypercube samples of ``sweep_bench.VARY`` (same seed), and
solves each sample cold (a fresh HiGHS model, presolve, the default options: the reference)
and warm through one :class:`~flopgrid.sweep.reuse.SolverCache` per variant, the variants
alternating sample by sample so that the machine's load falls on all of them alike. A
variant is HiGHS options on top of the sweep's (``SWEEP_HIGHS_OPTIONS``); ``choose`` is the
cache's own choice of simplex per sample (``warm_strategy``), and a variant that sets
``simplex_strategy`` takes that method for every sample. Prints, per variant, the median
HiGHS time and simplex iterations over the warm samples (the first sample of each cache is
its cold build and is left out) and the worst relative objective difference to the cold
solve (must be <= 1e-9).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from flopgrid.plan import build_inputs, build_model
from flopgrid.scenario import load_scenario
from flopgrid.solve import SOLVER_CACHE, solve_model
from flopgrid.sweep import Design, parse_vary
from flopgrid.sweep.reuse import SolverCache
from sweep_bench import VARY

#: HiGHS options per variant (on top of SWEEP_HIGHS_OPTIONS and the run's own)
VARIANTS: dict[str, dict] = {
    "choose": {},
    "dual": {"simplex_strategy": 1},
    "primal": {"simplex_strategy": 4},
    "choose-threads1": {"threads": 1, "simplex_max_concurrency": 1},
    "choose-scale4": {"simplex_scale_strategy": 4},
    "dual-scale4": {"simplex_strategy": 1, "simplex_scale_strategy": 4},
    "dual-presolve-off": {"simplex_strategy": 1, "presolve": "off"},
}


def sample_model(scenario: str, overrides: list[str]):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build_model(build_inputs(load_scenario(scenario, overrides))).model


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scenario", default="global-36-fabs")
    ap.add_argument("--samples", type=int, default=12)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    args = ap.parse_args()
    names = args.variants.split(",")
    load0 = os.getloadavg()[0]
    tasks = Design(args.scenario, parse_vary(VARY), samples=args.samples, seed=1).tasks()
    caches = {name: SolverCache() for name in names}
    rows: dict[str, list[tuple[float, int, str]]] = {"cold": [], **{n: [] for n in names}}
    worst = dict.fromkeys(names, 0.0)
    for i, task in enumerate(tasks):
        t = time.perf_counter()
        ref = solve_model(sample_model(args.scenario, task.overrides))
        cold_s = ref.timings_s["solver_s"]
        rows["cold"].append((cold_s, 0, "cold"))
        assert ref.objective is not None
        model = sample_model(args.scenario, task.overrides)
        order = names[i % len(names) :] + names[: i % len(names)]  # rotate who goes first
        for name in order:
            cache = caches[name]
            token = SOLVER_CACHE.set(cache)
            try:
                got = solve_model(model, options=dict(VARIANTS[name]))
            finally:
                SOLVER_CACHE.reset(token)
            assert got.objective is not None
            worst[name] = max(worst[name], abs(got.objective - ref.objective) / abs(ref.objective))
            if cache.last_mode == "warm":
                run = (got.timings_s["solver_s"], cache.last_iterations, cache.last_strategy)
                rows[name].append(run)
        print(f"  sample {i}: {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)
    print(
        f"warm-solve variants: {args.scenario}, {len(tasks)} samples ({len(tasks) - 1} warm), "
        f"load {load0:.1f} -> {os.getloadavg()[0]:.1f}, "
        f"CPU affinity {sorted(os.sched_getaffinity(0))}"
    )
    print(f"  {'variant':20} {'HiGHS s':>8} {'iters':>6}  {'worst rel obj':>13}  strategies")
    for name, got in rows.items():
        if not got:
            continue
        med = statistics.median(x[0] for x in got)
        its = statistics.median(x[1] for x in got) if name != "cold" else float("nan")
        strategies = sorted({x[2] for x in got})
        w = f"{worst[name]:.1e}" if name in worst else "(reference)"
        print(f"  {name:20} {med:8.3f} {its:6.0f}  {w:>13}  {'/'.join(strategies)}")
    bad = [n for n, w in worst.items() if w > 1e-9]
    if bad:
        print(f"objectives differ from cold by more than 1e-9: {bad}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
