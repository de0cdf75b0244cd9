"""Sweep throughput: runs per minute for 1 and 2 workers, cold and warm-started.

    python benchmarks/sweep_bench.py [--scenario global-36-fabs] [--tasks 8] [--json OUT]

Every configuration plans the same Latin-hypercube design (same seed) into its own
temporary store, so no run is skipped as a repeat. Reported per configuration: runs per
minute over the whole sweep (pool start included), the mean time of one task inside its
worker, and the solver's share (HiGHS time and simplex iterations). Parallel efficiency is
throughput(2 workers) / (2 x throughput(1 worker)); the warm-start gain compares solver
time and iterations. Warm objectives are checked against the cold ones (1e-6). A baseline
plans a few runs as one ``flopgrid plan`` process each, which is what worker reuse saves.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

VARY = [
    "demand.by_year=*uniform(0.8, 1.2)",
    "discount_rate=uniform(0.05, 0.1)",
    "supply.fabs.tsmc-taiwan-n2.capex_usd=*uniform(0.7, 1.3)",
    "policy.carbon_price_usd_per_t=uniform(0, 100)",
]


def _sweep(scenario: str, tasks: int, workers: int, warm: bool, root: Path) -> dict:
    from flopgrid.sweep import Design, SweepStore, create_sweep, make_engine, parse_vary, run_sweep

    store = root / f"w{workers}-{'warm' if warm else 'cold'}" / "flopgrid.duckdb"
    design = Design(scenario, parse_vary(VARY), samples=tasks, seed=1)
    sweep_id = create_sweep(design, store, warm_start=warm)
    stats = run_sweep(sweep_id, make_engine("local", workers=workers), store=store)
    done = SweepStore(store).tasks(sweep_id)
    t = [x for x in stats.timings if "task_s" in x]

    def mean(key: str) -> float:
        vals = [x.get(key, 0.0) for x in t]
        return sum(vals) / len(vals) if vals else float("nan")

    return {
        "workers": workers,
        "warm_start": warm,
        "runs": stats.done,
        "failed": stats.failed,
        "elapsed_s": stats.elapsed_s,
        "runs_per_min": stats.runs_per_minute,
        "task_s": mean("task_s"),
        "inputs_s": mean("inputs_s"),
        "build_s": mean("build_s"),
        "solve_total_s": mean("solve_total_s"),
        "solver_s": mean("solver_s"),
        "extract_s": mean("extract_s"),
        "iterations": mean("simplex_iterations") if warm else None,
        "warm_solves": sum(1 for x in t if x.get("solve_mode") == "warm"),
        "objectives": done.set_index("task_no")["objective_usd"].tolist(),
    }


def _cold_iterations(scenario: str, tasks: int) -> float:
    """Simplex iterations of cold solves of the same design, in this process."""
    from flopgrid.plan import build_inputs, build_model
    from flopgrid.scenario import load_scenario
    from flopgrid.solve import solve_model
    from flopgrid.sweep import Design, parse_vary

    its = []
    for task in Design(scenario, parse_vary(VARY), samples=tasks, seed=1).tasks():
        m = build_model(build_inputs(load_scenario(scenario, task.overrides))).model
        solve_model(m)
        its.append(m.solver_model.getInfo().simplex_iteration_count)
    return sum(its) / len(its)


def _process_per_run(scenario: str, runs: int, root: Path) -> float:
    """Runs per minute when each run is its own `flopgrid plan` process (no report)."""
    from flopgrid.sweep import Design, parse_vary

    exe = Path(sys.executable).with_name("flopgrid")
    tasks = Design(scenario, parse_vary(VARY), samples=runs, seed=1).tasks()
    t0 = time.perf_counter()
    for task in tasks:
        sets = [a for o in task.overrides for a in ("--set", o)]
        subprocess.run(
            [
                str(exe),
                "plan",
                scenario,
                *sets,
                "--no-report",
                "--store",
                str(root / "pp.duckdb"),
                "--out",
                str(root / "pp"),
            ],
            check=True,
            capture_output=True,
        )
    return 60.0 * runs / (time.perf_counter() - t0)


def main() -> None:
    warnings.filterwarnings("ignore")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scenario", default="global-36-fabs")
    ap.add_argument("--tasks", type=int, default=8, help="runs per configuration")
    ap.add_argument("--baseline-runs", type=int, default=3)
    ap.add_argument("--json", type=Path, help="write the numbers here")
    args = ap.parse_args()
    print(
        f"sweep benchmark: {args.scenario}, {args.tasks} runs per configuration, "
        f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="flopgrid-sweep-bench-") as tmp:
        root = Path(tmp)
        for workers in (1, 2):
            for warm in (False, True):
                row = _sweep(args.scenario, args.tasks, workers, warm, root)
                rows.append(row)
                print(
                    f"  workers={workers} {'warm' if warm else 'cold'}: {row['runs_per_min']:.1f} "
                    f"runs/min ({row['elapsed_s']:.0f} s); per task {row['task_s']:.2f} s = inputs "
                    f"{row['inputs_s']:.2f} + build {row['build_s']:.2f} + solve "
                    f"{row['solve_total_s']:.2f} (HiGHS {row['solver_s']:.3f}) + extract "
                    f"{row['extract_s']:.2f} + summary/save",
                    flush=True,
                )
        baseline = _process_per_run(args.scenario, args.baseline_runs, root)
    cold_its = _cold_iterations(args.scenario, args.tasks)
    by = {(r["workers"], r["warm_start"]): r for r in rows}
    for warm in (False, True):
        eff = by[2, warm]["runs_per_min"] / (2 * by[1, warm]["runs_per_min"])
        print(f"parallel efficiency ({'warm' if warm else 'cold'}): {eff:.0%}")
    worst = max(
        abs(a - b) / max(abs(b), 1.0)
        for w in (1, 2)
        for a, b in zip(by[w, True]["objectives"], by[w, False]["objectives"], strict=True)
    )
    solver_cold = (by[1, False]["solver_s"] + by[2, False]["solver_s"]) / 2
    solver_warm = (by[1, True]["solver_s"] + by[2, True]["solver_s"]) / 2
    warm_its = (by[1, True]["iterations"] + by[2, True]["iterations"]) / 2
    print(
        f"warm start: HiGHS {solver_cold:.3f} s -> {solver_warm:.3f} s per run, simplex "
        f"iterations {cold_its:.0f} -> {warm_its:.0f}; throughput x"
        f"{by[1, True]['runs_per_min'] / by[1, False]['runs_per_min']:.2f} (1 worker); "
        f"worst objective difference warm vs cold {worst:.1e} (relative)"
    )
    print(f"baseline, one `flopgrid plan` process per run: {baseline:.1f} runs/min")
    if args.json:
        args.json.write_text(
            json.dumps(
                {"rows": rows, "baseline_runs_per_min": baseline, "cold_iterations": cold_its},
                indent=1,
            )
        )
    if worst > 1e-6:
        sys.exit("warm-started objectives differ from cold ones")


if __name__ == "__main__":
    main()
