"""Issue 16's one-site Texas case planned with each time option and dispatched.

    .venv/bin/python benchmarks/one_site_slices.py [--no-gas]

Plans the case of ``tests/plan/test_one_site_hours.py`` (``texas()``) with 12
representative days hour by hour, in 6 and in 4 segments a day, and yearly; prints each
plan's yearly cost against the test's independent hourly LP (with gas only: that LP
expands the four technologies whatever the site may build), its fleet, the share of the
load its fleet leaves unserved when dispatched hour by hour, and the plan's time.
Figures in docs/time-slices.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import warnings
from pathlib import Path

import yaml

import flopgrid
from flopgrid import PlanOptions
from flopgrid.dispatch.run import dispatch
from flopgrid.scenario import load_scenario

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "plan"))
from test_one_site_hours import _power, hourly_expansion_usd, texas

warnings.filterwarnings("ignore")

OPTIONS = [
    {"slicing": "periods", "periods": 12},
    {"slicing": "periods", "periods": 12, "segments": 6},
    {"slicing": "periods", "periods": 12, "segments": 4},
    {"slicing": "yearly"},
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-gas", action="store_true", help="the site may not build gas")
    args = ap.parse_args()
    data = texas()
    if args.no_gas:
        data["sites"]["texas"]["build"] = ["onshore_wind", "solar_pv", "battery"]
    path = Path(tempfile.mkdtemp()) / "texas.yaml"
    path.write_text(yaml.safe_dump(data))
    scn = load_scenario(path)
    reference = None if args.no_gas else hourly_expansion_usd(scn)[0]
    if reference is not None:
        print(f"independent hourly LP: {reference / 1e6:.1f} M USD")
    for kw in OPTIONS:
        t0 = time.perf_counter()
        r = flopgrid.plan(scn, options=PlanOptions(**kw))
        seconds = time.perf_counter() - t0
        row = {
            **kw,
            "cost_musd": round(r.objective_usd / 1e6, 2),
            "vs_hourly_lp": None if reference is None else r.objective_usd / reference - 1,
            "fleet_gw": {k: round(v, 3) for k, v in _power(r).items() if v > 1e-4},
            "unserved_share_dispatched": dispatch(r).summary["totals"]["unserved_share"],
            "plan_s": round(seconds, 2),
        }
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
