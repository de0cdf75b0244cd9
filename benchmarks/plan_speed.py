"""flopgrid's own time for one plan, this tree against an earlier commit, side by side.

Usage::

    .venv/bin/python benchmarks/plan_speed.py [--base COMMIT] [--scenario abu-dhabi-5gw]
                                              [--repeats 5] [--json PATH]

The base commit is checked out into a temporary git worktree; each repeat runs the plan
once in a fresh Python process for each tree (alternating, so machine load hits both
alike): ``flopgrid.workflow.run_plan(scenario, force=True, report=False)``, what
``flopgrid plan NAME --no-report --force`` runs after its imports. Imports are not
counted (another issue); everything else is: validating the scenario, inputs, build,
hand-off to HiGHS and back, extract, summary, writing the run folder and recording it.
"Own time" is that wall time minus HiGHS' own run time. Medians are printed with the
1-minute load average around the runs; the exit status is 1 when the two objectives
differ by more than 1e-9 (relative) or this tree's own time exceeds a third of the
base's (``--target``).
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
#: the commit before the fast builder (main when issue 17 was taken up)
DEFAULT_BASE = "8278326"

CHILD = r"""
import json, sys, tempfile, time, warnings
warnings.filterwarnings("ignore")
import flopgrid
from flopgrid.workflow import run_plan
d = tempfile.mkdtemp()
t = time.perf_counter()
out = run_plan(sys.argv[1], out=d + "/runs", store=d + "/runs.duckdb", force=True, report=False)
wall = time.perf_counter() - t
meta = out.result.meta
tm = meta["timings_s"]
print(json.dumps({
    "file": flopgrid.__file__, "wall_s": wall, "highs_s": tm["solver_s"],
    "inputs_s": tm["inputs_s"], "build_s": tm["build_s"],
    "handoff_s": tm["handoff_and_extract_s"], "extract_s": tm["extract_s"],
    "plan_s": tm["total_s"], "objective_usd": meta["objective_usd"],
}))
"""


def _run(tree: Path, scenario: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, scenario],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=tempfile.gettempdir(),
    )
    res = json.loads(out.stdout.strip().splitlines()[-1])
    if not res["file"].startswith(str(tree)):
        raise RuntimeError(f"the child imported {res['file']}, not the tree {tree}")
    res["own_s"] = res["wall_s"] - res["highs_s"]
    res["rest_s"] = res["wall_s"] - res["plan_s"]  # validating, summary, folder, store
    return res


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", default=DEFAULT_BASE)
    p.add_argument("--scenario", default="abu-dhabi-5gw")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--target", type=float, default=1 / 3)
    p.add_argument("--json", type=Path, default=None)
    a = p.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="flopgrid-base-"))
    base_tree = tmp / "tree"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(base_tree), a.base],
        check=True,
    )
    runs: dict[str, list[dict]] = {"base": [], "this": []}
    loads = [os.getloadavg()[0]]
    try:
        for _ in range(a.repeats):
            runs["base"].append(_run(base_tree, a.scenario))
            runs["this"].append(_run(ROOT, a.scenario))
            loads.append(os.getloadavg()[0])
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_tree)], check=False
        )
    keys = ("own_s", "inputs_s", "build_s", "handoff_s", "extract_s", "rest_s", "highs_s")
    med = {k: {key: statistics.median(r[key] for r in v) for key in keys} for k, v in runs.items()}
    print(f"plan {a.scenario} (no report), median of {a.repeats} fresh processes each, seconds")
    print(f"{'':8}" + "".join(f"{k[:-2]:>10}" for k in keys))
    for k in ("base", "this"):
        print(f"{k:8}" + "".join(f"{med[k][key]:10.3f}" for key in keys))
    ratio = med["this"]["own_s"] / med["base"]["own_s"]
    objs = [r["objective_usd"] for v in runs.values() for r in v]
    rel = max(abs(o - objs[0]) / abs(objs[0]) for o in objs)
    print(f"base = {a.base}; rest = validating + summary + run folder + store")
    print(
        f"own time (all but HiGHS): {med['this']['own_s']:.2f} s vs {med['base']['own_s']:.2f} s"
        f" = {ratio:.2f} of the base (target <= {a.target:.2f}: "
        f"{'met' if ratio <= a.target else 'NOT met'})"
    )
    print(f"objectives agree to {rel:.1e} (tolerance 1e-9); load average {loads}")
    if a.json:
        a.json.write_text(json.dumps({"runs": runs, "median": med, "loads": loads}, indent=1))
    return 0 if rel <= 1e-9 and ratio <= a.target else 1


if __name__ == "__main__":
    sys.exit(main())
