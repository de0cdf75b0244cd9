"""Yearly vs representative days vs all hours: cost, fleet and the dispatch of each plan.

For every seed scenario (or those named), plans it with ``--yearly``, ``--periods N``
and, where it fits, ``--hours full``; dispatches the fleet each plan builds for its last
year hour by hour (the same profiles) and reports the share of work the fleet leaves
unserved. Writes the markdown table of ``docs/time-slices.md`` to stdout and every
figure to ``--json``.

    .venv/bin/python benchmarks/slices_table.py [SCENARIO ...] [--periods 12] \
        [--segments 6] [--modes yearly,periods,segments] [--full abu-dhabi-5gw,...] \
        [--json slices.json] [--no-dispatch]

``--segments K`` adds a plan on the same representative days cut into K segments a day
(tsam's segmentation); ``--modes`` picks which of yearly, periods and segments to plan.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

import flopgrid
from flopgrid import PlanOptions
from flopgrid.dispatch.run import dispatch
from flopgrid.errors import SolverError
from flopgrid.scenario import builtin_names, load_scenario

warnings.filterwarnings("ignore")


def _fleet(result) -> dict[str, float]:
    d = result.data
    cap = d["power_capacity_gw"].sel(year=d["year"][-1]).sum("site").to_pandas()
    return {str(k): round(float(v), 2) for k, v in cap.items() if v > 5e-3}


def _mode(opts: PlanOptions) -> str:
    if opts.slicing != "periods":
        return opts.slicing
    cut = f" x {opts.segments} segments" if opts.segments else ""
    return f"periods {opts.periods}{cut}"


def measure(name: str, opts: PlanOptions, with_dispatch: bool, overrides=()) -> dict:
    scn = load_scenario(name, overrides)
    t0 = time.perf_counter()
    r = flopgrid.plan(scn, options=opts)
    seconds = time.perf_counter() - t0
    s = r.summary
    row = {
        "scenario": name,
        "mode": _mode(opts),
        "npv_busd": r.objective_usd / 1e9,
        "plan_s": seconds,
        "solver_s": r.meta["timings_s"].get("solver_s"),
        "variables": r.meta["model_size"]["variables"],
        "constraints": r.meta["model_size"]["constraints"],
        "peak_facility_gw": max(s["by_year"]["facility_power_gw"]),
        "energy_twh": sum(s["by_year"]["energy_twh"]),
        "emissions_mt": sum(s["by_year"]["emissions_mt"]),
        "grid_twh": sum(s["by_year"]["grid_import_twh"]),
        "fleet_gw_last_year": _fleet(r),
    }
    if with_dispatch:
        t0 = time.perf_counter()
        run = dispatch(r)
        totals = run.summary["totals"]
        row["dispatch_unserved_share"] = totals.get("unserved_share")
        row["dispatch_s"] = time.perf_counter() - t0
    return row


def _table(rows: list[dict]) -> str:
    head = (
        "| scenario | slices | NPV B USD | vs periods | emissions Mt | grid TWh "
        "| fleet in the last year, GW | unserved when dispatched | plan s |"
    )
    lines = [head, "|---|---|---:|---:|---:|---:|---|---:|---:|"]
    ref = {
        r["scenario"]: r["npv_busd"]
        for r in rows
        if r["mode"].startswith("periods") and "segments" not in r["mode"] and "npv_busd" in r
    }
    for r in rows:
        if "stopped" in r:
            lines.append(f"| {r['scenario']} | {r['mode']} | stopped at the time limit |||||||")
            continue
        base = ref.get(r["scenario"])
        rel = f"{100 * (r['npv_busd'] / base - 1):+.1f}%" if base else ""
        fleet = ", ".join(f"{k} {v:g}" for k, v in r["fleet_gw_last_year"].items())
        share = r.get("dispatch_unserved_share")
        unserved = "" if share is None else f"{100 * share:.2f}%"
        lines.append(
            f"| {r['scenario']} | {r['mode']} | {r['npv_busd']:.2f} | {rel} "
            f"| {r['emissions_mt']:.1f} | {r['grid_twh']:.1f} | {fleet} | {unserved} "
            f"| {r['plan_s']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenarios", nargs="*")
    ap.add_argument("--periods", type=int, default=12)
    ap.add_argument("--segments", type=int, default=None, help="steps a day for 'segments'")
    ap.add_argument("--modes", default="yearly,periods,segments", help="which plans to make")
    ap.add_argument("--full", default="", help="comma-separated scenarios to plan on all hours")
    ap.add_argument("--json", default=None)
    ap.add_argument("--no-dispatch", action="store_true")
    ap.add_argument(
        "--time-limit",
        type=float,
        default=None,
        help="solver limit per plan [s]; a plan that reaches it is listed as stopped",
    )
    args = ap.parse_args()
    names = args.scenarios or builtin_names()
    full = {n for n in args.full.split(",") if n}
    rows = []
    for name in names:
        limit = args.time_limit
        wanted = set(args.modes.split(","))
        days = {"slicing": "periods", "periods": args.periods, "time_limit_s": limit}
        modes = []
        if "yearly" in wanted:
            modes.append(PlanOptions(slicing="yearly", time_limit_s=limit))
        if "periods" in wanted:
            modes.append(PlanOptions(**days))
        if "segments" in wanted and args.segments:
            modes.append(PlanOptions(**days, segments=args.segments))
        if name in full:
            modes.append(PlanOptions(slicing="full", time_limit_s=limit))
        for opts in modes:
            try:
                row = measure(name, opts, not args.no_dispatch)
            except SolverError as err:  # the solver's time limit: say so in the table
                row = {"scenario": name, "mode": _mode(opts), "stopped": str(err)}
            print(json.dumps(row), flush=True)
            rows.append(row)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=1)
    print(_table(rows))


if __name__ == "__main__":
    main()
