"""Full-year hourly dispatch of a planned fleet: model size and time split.

Usage::

    .venv/bin/python benchmarks/dispatch_bench.py [SCENARIO ...] [--weeks 1-4]

Plans each scenario (default ``abu-dhabi-5gw``), then dispatches the fleet of its
last year over all 8760 hours and prints variables, constraints and the seconds
spent on profiles, build, solve (HiGHS's own time and the hand-off) and extraction.
"""

from __future__ import annotations

import argparse
import resource
import time
import warnings

import flopgrid
from flopgrid.cli.dispatch_cmd import _weeks
from flopgrid.dispatch.run import dispatch

warnings.filterwarnings("ignore", module="linopy")


def bench(scenario: str, weeks: list[int] | None) -> dict:
    t0 = time.perf_counter()
    planned = flopgrid.plan(scenario)
    plan_s = time.perf_counter() - t0
    r = dispatch(planned, weeks=weeks)
    t = r.meta["timings_s"]
    return {
        "scenario": scenario,
        "year": r.meta["year"],
        "hours": r.summary["hours"],
        "sites": len(r.summary["by_site"]),
        "variables": r.meta["model_size"]["variables"],
        "constraints": r.meta["model_size"]["constraints"],
        "plan_s": plan_s,
        "profiles_s": t["profiles_s"],
        "build_s": t["inputs_s"] + t["build_s"],
        "solver_s": t["solver_s"],
        "handoff_s": t["handoff_and_extract_s"],
        "extract_s": t["extract_s"],
        "dispatch_total_s": t["total_s"],
        "cost_musd": r.summary["totals"]["cost_usd"] / 1e6,
        "utilisation": r.summary["totals"]["utilisation"],
        "unserved_share": r.summary["totals"]["unserved_share"],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", default=["abu-dhabi-5gw"])
    parser.add_argument("--weeks", default=None, help="e.g. 1-4 (default: the full year)")
    args = parser.parse_args()
    for scenario in args.scenarios:
        row = bench(scenario, _weeks(args.weeks))
        print(
            f"{row['scenario']} {row['year']}: {row['hours']} h x {row['sites']} site(s); "
            f"{row['variables']:,} variables, {row['constraints']:,} constraints"
        )
        print(
            f"  plan {row['plan_s']:.1f} s | dispatch {row['dispatch_total_s']:.1f} s = "
            f"profiles {row['profiles_s']:.2f} + build {row['build_s']:.2f} + "
            f"HiGHS {row['solver_s']:.2f} + hand-off {row['handoff_s']:.2f} + "
            f"extract {row['extract_s']:.2f} s; peak RSS {row['peak_rss_mb']:.0f} MB"
        )
        print(
            f"  cost {row['cost_musd']:,.0f} M USD, utilisation {row['utilisation']:.1%}, "
            f"unserved {row['unserved_share']:.2%}"
        )


if __name__ == "__main__":
    main()
