"""Sweep throughput: this tree's live-model sweeps against cold runs, side by side.

    python benchmarks/sweep_bench.py [--scenario global-36-fabs] [--tasks 12]
                                     [--base COMMIT] [--json OUT]

Every configuration plans the same Latin-hypercube design (same seed, same tasks) into its
own temporary store, each in a fresh Python process:

- ``base``: the sweep as it was at ``--base`` (a temporary git worktree): a run folder per
  task, every model built and solved cold; 1 local worker. "Today's" throughput.
- ``cold``: this tree with ``keep_runs`` and cold solves: the same, on this tree's code.
- ``live``: this tree's default: each task planned on the worker's live HiGHS model,
  rows straight into the store, no folders; 1 local worker.
- ``dask1``, ``dask2``: ``live`` on a Dask LocalCluster of 1 and 2 workers.
- ``local2``: ``live`` on 2 local worker processes (the default engine).

Throughput per worker is 60 / (median time of one task inside its worker), so pool and
cluster start-up (and a worker's first task, which imports and builds its first model)
are left out; the parallel rate is tasks / (last task's end - first
task's start) over the workers. Parallel efficiency = rate(dask2) / (2 x rate(dask1)), and
rate(local2) / (2 x rate(live)) for the default engine.
Every task's objective of this tree is compared with the ``cold`` one of the same task
(1e-9, relative); the exit status is 1 when any differs or a task fails. The base plans
its own (older, smaller) model of the scenario, with the fab-cost factor on its own field
(``BASE_VARY``): its throughput is compared, its objectives are not.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BASE = "8278326"

VARY = [
    "demand.by_year=*uniform(0.8, 1.2)",
    "discount_rate=uniform(0.05, 0.1)",
    "supply.fabs.tsmc-taiwan-n2.capex_usd=*uniform(0.7, 1.3)",
    "policy.carbon_price_usd_per_t=uniform(0, 100)",
]
#: the base commit's scenario had one new-fab kind (``supply.new_fab``), not ``supply.fabs``:
#: the same four factors on its own fields (its model is older and smaller: no wafer pools,
#: fewer generations; its objectives are not comparable and are not compared)
BASE_VARY = [v.replace("supply.fabs.tsmc-taiwan-n2.", "supply.new_fab.") for v in VARY]

CHILD = r"""
import inspect, json, sys, time, warnings
warnings.filterwarnings("ignore")
import flopgrid
from flopgrid.sweep import Design, SweepStore, create_sweep, make_engine, parse_vary, run_sweep
scenario, tasks, store, engine, workers, mode, vary = sys.argv[1:8]
design = Design(scenario, parse_vary(json.loads(vary)), samples=int(tasks), seed=1)
kw = {"warm_start": False}
if "keep_runs" in inspect.signature(create_sweep).parameters:
    kw["keep_runs"] = mode != "live"
sweep_id = create_sweep(design, store, **kw)
cpu = time.process_time()
stats = run_sweep(sweep_id, make_engine(engine, workers=int(workers)), store=store)
cpu = time.process_time() - cpu
done = SweepStore(store).tasks(sweep_id)
print(json.dumps({
    "parent_cpu_s": cpu,
    "task_workers": dict(zip(map(int, done["task_no"]), done["worker"])),
    "task_timings": dict(zip(map(int, done["task_no"]), done["timings"])),
    "file": flopgrid.__file__, "done": stats.done, "failed": stats.failed,
    "elapsed_s": stats.elapsed_s, "timings": stats.timings,
    "objectives": dict(zip(map(int, done["task_no"]), done["objective_usd"])),
}, default=float))
"""


def _config(tree: Path, name: str, args, root: Path, engine: str, workers: int) -> dict:
    store = root / name / "flopgrid.duckdb"
    store.parent.mkdir(parents=True)
    cmd = [sys.executable, "-c", CHILD, args.scenario, str(args.tasks), str(store), engine]
    vary = BASE_VARY if name == "base" else VARY
    cmd += [str(workers), name if name in ("live", "cold", "base") else "live", json.dumps(vary)]
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=root)
    if out.returncode:
        raise RuntimeError(f"{name} failed:\n{out.stderr[-3000:]}")
    res = json.loads(out.stdout.strip().splitlines()[-1])
    if not res["file"].startswith(str(tree)):
        raise RuntimeError(f"{name} imported {res['file']}, not {tree}")
    t = [x for x in res["timings"] if "task_s" in x]
    task_s = statistics.median(x["task_s"] for x in t)
    res.update(name=name, workers=workers, task_s=task_s, per_worker_rpm=60.0 / task_s)
    if all("started" in x for x in t):
        span = max(x["finished"] for x in t) - min(x["started"] for x in t)
        res["rate_rpm"] = 60.0 * len(t) / span
    res["steady_rpm"] = _steady_rate(res)
    res["cpu_task_s"] = statistics.median(x.get("cpu_s", float("nan")) for x in t)
    res["modes"] = sorted({x.get("solve_mode", "cold") for x in t})
    res["rebuilds"] = [x["rebuild_reason"] for x in t if x.get("rebuild_reason")]
    parts = ("inputs_s", "build_s", "solve_total_s", "solver_s", "extract_s")
    res["parts"] = {p: sum(x.get(p, 0.0) for x in t) / len(t) for p in parts}
    return res


def _steady_rate(res: dict) -> float:
    """Tasks per minute over the workers without each worker's first task (its imports
    and first model): the remaining tasks / (last end - first start of those)."""
    by_worker: dict[str, list[dict]] = {}
    for no, worker in res.get("task_workers", {}).items():
        t = res["task_timings"].get(no) or {}
        if "started" in t and "finished" in t:
            by_worker.setdefault(worker, []).append(t)
    rest = [t for ts in by_worker.values() for t in sorted(ts, key=lambda t: t["started"])[1:]]
    if len(rest) < 2:
        return float("nan")
    span = max(t["finished"] for t in rest) - min(t["started"] for t in rest)
    return 60.0 * len(rest) / span


CONFIGS = ("base", "cold", "live", "local2", "dask1", "dask2")


def _line(r: dict) -> str:
    p = r["parts"]
    return (
        f"  {r['name']:6} {r['workers']} worker(s): {r['per_worker_rpm']:6.1f} runs/min per "
        f"worker ({r['task_s']:.2f} s a task: inputs {p['inputs_s']:.2f}, build "
        f"{p['build_s']:.2f}, solve {p['solve_total_s']:.2f} (HiGHS "
        f"{p['solver_s']:.3f}), extract {p['extract_s']:.2f}; CPU {r['cpu_task_s']:.2f} s a "
        f"task in the worker, {r['parent_cpu_s'] / max(r['done'], 1):.2f} s in the parent); "
        f"{r['done']} done, {r['failed']} failed; solves {'/'.join(r['modes'])}; "
        f"load {os.getloadavg()[0]:.1f}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scenario", default="global-36-fabs")
    ap.add_argument("--tasks", type=int, default=12, help="runs per configuration")
    ap.add_argument("--base", default=DEFAULT_BASE)
    ap.add_argument("--configs", default=",".join(CONFIGS), help="which, of " + ",".join(CONFIGS))
    ap.add_argument("--json", type=Path, help="write the numbers here")
    args = ap.parse_args()
    configs = args.configs.split(",")
    load0 = os.getloadavg()[0]
    print(
        f"sweep benchmark: {args.scenario}, {args.tasks} tasks per configuration, "
        f"{os.cpu_count()} cores, load {load0:.1f}",
        flush=True,
    )
    rows = {}
    with tempfile.TemporaryDirectory(prefix="flopgrid-sweep-bench-") as tmp:
        root = Path(tmp)
        base_tree = root / "base-tree"
        if "base" in configs:
            add = ["worktree", "add", "--detach", "-q", str(base_tree), args.base]
            subprocess.run(["git", "-C", str(ROOT), *add], check=True)
        try:
            plan = [
                ("base", base_tree, "local", 1),
                ("cold", ROOT, "local", 1),
                ("live", ROOT, "local", 1),
                ("local2", ROOT, "local", 2),
                ("dask1", ROOT, "dask", 1),
                ("dask2", ROOT, "dask", 2),
            ]
            for name, tree, engine, workers in plan:
                if name in configs:
                    rows[name] = _config(tree, name, args, root, engine, workers)
                    print(_line(rows[name]), flush=True)
        finally:
            if "base" in configs:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_tree)],
                    check=False,
                )
    ref_name = "cold" if "cold" in rows else next((n for n in rows if n != "base"), None)
    worst = 0.0
    for r in rows.values():
        if r["name"] == "base" or ref_name is None:
            continue  # another model (see BASE_VARY)
        ref = rows[ref_name]["objectives"]
        for task, obj in r["objectives"].items():
            worst = max(worst, abs(obj - ref[task]) / abs(ref[task]))
    if "live" in rows and "base" in rows:
        live, base = rows["live"]["per_worker_rpm"], rows["base"]["per_worker_rpm"]
        print(
            f"throughput per worker, live vs base ({args.base}): {live:.1f} vs {base:.1f} "
            f"runs/min = {live / base:.1f}x (target >= 10x)"
        )
    if "cold" in rows:
        print(f"this tree's cold runs with folders: {rows['cold']['per_worker_rpm']:.1f} runs/min")
    pairs = [("local pool", "live", "local2"), ("Dask LocalCluster", "dask1", "dask2")]
    for label, one_name, two_name in pairs:
        if one_name not in rows or two_name not in rows:
            continue
        one, two = rows[one_name], rows[two_name]
        print(
            f"parallel efficiency, {label}: {two['rate_rpm']:.1f} runs/min on 2 "
            f"workers / (2 x {one['rate_rpm']:.1f}) = "
            f"{two['rate_rpm'] / (2 * one['rate_rpm']):.2f} (target >= 0.85); without each "
            f"worker's first task (imports, first model): {two['steady_rpm']:.1f} / (2 x "
            f"{one['steady_rpm']:.1f}) = {two['steady_rpm'] / (2 * one['steady_rpm']):.2f}"
        )
    reasons = sorted({why for r in rows.values() for why in r["rebuilds"]})
    print(f"model (re)builds on the live configurations: {reasons}")
    print(
        f"objectives: every task of this tree's configurations vs the {ref_name} run: worst "
        f"{worst:.1e} (tolerance 1e-9); load {load0:.1f} -> {os.getloadavg()[0]:.1f}"
    )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, default=str))
    failed = sum(r["failed"] for r in rows.values())
    return 0 if worst <= 1e-9 and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
