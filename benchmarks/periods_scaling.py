"""How a plan's size and time grow with the number of representative days (and segments).

Plans one scenario yearly, with N representative days for each N given, and with each N
cut into K segments a day for each K given (tsam's segmentation), and prints the LP's
size and flopgrid's stage times (inputs, build, HiGHS, extract) from each run's own
timings. Run by ``make bench``; figures in benchmarks/README.md.

    .venv/bin/python benchmarks/periods_scaling.py [SCENARIO] [--periods 1,2,4,8] \
        [--segments 6] [--json F]
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

from rich.console import Console
from rich.table import Table

import flopgrid
from flopgrid import PlanOptions
from flopgrid.plan import build_inputs, build_model
from flopgrid.scenario import load_scenario

warnings.filterwarnings("ignore")


def measure(name: str, opts: PlanOptions) -> dict:
    """One plan of ``name`` with ``opts``: its LP size and stage times [s]."""
    scn = load_scenario(name)
    t0 = time.perf_counter()
    r = flopgrid.plan(scn, options=opts)
    wall = time.perf_counter() - t0
    t = r.meta["timings_s"]
    pm = build_model(build_inputs(scn, opts), opts)  # its size (built again, not timed)
    return {
        "slicing": opts.slicing,
        "periods": opts.periods if opts.slicing == "periods" else None,
        "segments": opts.segments,
        "nvars": int(pm.model.nvars),
        "ncons": int(pm.model.ncons),
        "inputs_s": t.get("inputs_s"),
        "build_s": t.get("build_s"),
        "solver_s": t.get("solver_s"),
        "extract_s": t.get("extract_s"),
        "wall_s": wall,
        "objective_usd": r.objective_usd,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", default="abu-dhabi-5gw")
    ap.add_argument("--periods", default="1,2,4,8", help="comma-separated day counts")
    ap.add_argument("--segments", default="6", help="comma-separated steps a day ('' none)")
    ap.add_argument("--json", default=None, help="also write the rows here")
    args = ap.parse_args()
    days = [int(n) for n in args.periods.split(",")]
    cuts = [None] + [int(k) for k in args.segments.split(",") if k]
    runs = [PlanOptions(slicing="yearly")]
    runs += [PlanOptions(slicing="periods", periods=n, segments=k) for k in cuts for n in days]
    rows = [measure(args.scenario, opts) for opts in runs]
    t = Table(
        title=f"{args.scenario}: plan size and time by representative days (x segments a day)"
    )
    for col in ("slices", "variables", "rows", "inputs s", "build s", "HiGHS s", "extract s"):
        t.add_column(col, justify="right")
    t.add_column("objective vs yearly", justify="right")
    base = rows[0]["objective_usd"]
    for row in rows:
        label = "yearly" if row["periods"] is None else f"{row['periods']} days"
        if row["segments"]:
            label += f" x {row['segments']}"
        cells = [row["nvars"], row["ncons"]]
        times = [row[k] for k in ("inputs_s", "build_s", "solver_s", "extract_s")]
        t.add_row(
            label,
            *("-" if c is None else f"{c:,}" for c in cells),
            *("-" if v is None else f"{v:.2f}" for v in times),
            f"{row['objective_usd'] / base - 1:+.2%}",
        )
    Console(width=max(Console().width, 120)).print(t)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
