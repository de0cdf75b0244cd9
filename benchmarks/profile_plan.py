"""Where flopgrid's overhead goes: per-step and per-constraint-family times, and cProfile.

Usage::

    .venv/bin/python benchmarks/profile_plan.py --size 300k [--top 25] [--no-solve]
    .venv/bin/python benchmarks/profile_plan.py --scenario abu-dhabi-5gw [--top 25]

``--scenario NAME`` profiles what ``flopgrid plan NAME --no-report --force`` runs after its
imports (``flopgrid.workflow.run_plan``: scenario, inputs, build, solve, extract, summary,
run folder, store), in a fresh temporary folder, and prints the top entries only.

Builds the synthetic scenario of ``--size`` (see ``synthetic.SIZES``), times each step of
``build_model`` (variables, quantities, each constraint family, the objective) and
the size of each family's linopy arrays (dense terms, including masked and zero-coefficient
ones, against the terms that reach the LP), then the hand-off, the solve's read-back and
``extract``. The whole build (and, unless ``--no-solve``, solve and extract) runs under
cProfile; the top entries are printed by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import pstats
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import SIZES, scenario_for


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", default="300k", choices=list(SIZES))
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--no-solve", action="store_true")
    p.add_argument("--scenario", help="profile `flopgrid plan NAME --no-report` instead")
    a = p.parse_args()
    warnings.filterwarnings("ignore")
    if a.scenario:
        return _profile_scenario(a.scenario, a.top)

    build_mod = importlib.import_module("flopgrid.plan.build")
    from flopgrid.plan.extract import extract
    from flopgrid.plan.inputs import build_inputs
    from flopgrid.solve import solve_model

    steps: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                steps[name] = steps.get(name, 0.0) + time.perf_counter() - t

        return wrapper

    # wrap the steps build_model calls (module globals of flopgrid.plan.build; src untouched)
    build_mod.add_variables = timed("variables", build_mod.add_variables)
    build_mod.build_quantities = timed("quantities", build_mod.build_quantities)
    build_mod.FAMILIES = tuple(timed(f"family {f.record.name}", f) for f in build_mod.FAMILIES)

    scn = scenario_for(a.size)
    t = time.perf_counter()
    inp = build_inputs(scn)
    steps["build_inputs"] = time.perf_counter() - t
    prof = cProfile.Profile()
    prof.enable()
    t = time.perf_counter()
    pm = build_mod.build_model(inp)
    build_s = time.perf_counter() - t
    m = pm.model
    if not a.no_solve:
        outcome = solve_model(m)
        steps["solve: HiGHS"] = outcome.timings_s["solver_s"]
        steps["solve: hand-off + read-back"] = outcome.timings_s["handoff_and_extract_s"]
        t = time.perf_counter()
        extract(pm)
        steps["extract"] = time.perf_counter() - t
    prof.disable()

    print(f"size {a.size}: {SIZES[a.size].describe()}; nvars {m.nvars:,}, ncons {m.ncons:,}")
    print(f"build_model {build_s:.2f} s")
    for name, sec in steps.items():
        print(f"  {name:34s} {sec:8.2f} s")
    print("\nconstraint families: linopy array terms (dense) vs terms that reach the LP")
    total_dense = total_real = 0
    for name, con in m.constraints.items():
        vars_ = con.vars.values
        coeffs = con.coeffs.values
        dense = vars_.size
        real = int(((vars_ != -1) & (coeffs != 0)).sum())
        total_dense += dense
        total_real += real
        print(f"  {name:22s} dims {dict(con.sizes)!s:52s} dense {dense:>13,d}  real {real:>11,d}")
    print(f"  {'total':22s} {'':58s} dense {total_dense:>13,d}  real {total_real:>11,d}")

    for key in ("cumulative", "tottime"):
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats(key).print_stats(a.top)
        text = s.getvalue()
        start = text.find("   ncalls")
        print(f"\ncProfile, top {a.top} by {key}:")
        print(text[start:] if start >= 0 else text)
    return 0


def _profile_scenario(name: str, top: int) -> int:
    import tempfile

    from flopgrid.workflow import run_plan

    folder = Path(tempfile.mkdtemp(prefix="flopgrid-profile-"))
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    out = run_plan(name, out=folder / "runs", store=folder / "runs.duckdb", report=False)
    prof.disable()
    wall = time.perf_counter() - t
    timings = out.result.meta["timings_s"]
    print(f"run_plan({name!r}) {wall:.2f} s under cProfile; HiGHS {timings['solver_s']:.3f} s")
    print("  " + ", ".join(f"{k} {v:.3f}" for k, v in timings.items()))
    for key in ("cumulative", "tottime"):
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats(key).print_stats(top)
        text = s.getvalue()
        start = text.find("   ncalls")
        print(f"\ncProfile, top {top} by {key}:")
        print(text[start:] if start >= 0 else text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
