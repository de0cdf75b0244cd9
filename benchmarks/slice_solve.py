"""Build one seed on representative days and time HiGHS on it (docs/time-slices.md "Scale").

    .venv/bin/python benchmarks/slice_solve.py global-36-fabs 4
    .venv/bin/python benchmarks/slice_solve.py global-36-fabs 4 --flex none solver=ipm
    .venv/bin/python benchmarks/slice_solve.py global-36-fabs 12 --segments 6

Prints the model's size, the solve's timings and the objective [B USD], so that two
methods (the default dual simplex, ``solver=ipm``) can be run side by side, one on each
core, and compared on the same model. Extra ``key=value`` arguments are HiGHS options.
"""

from __future__ import annotations

import argparse
import json

from flopgrid.plan.build import build_model
from flopgrid.plan.inputs import build_inputs
from flopgrid.plan.options import PlanOptions
from flopgrid.scenario import load_scenario
from flopgrid.solve import solve_model


def _value(text: str) -> str | float:
    try:
        return float(text)
    except ValueError:
        return text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario")
    ap.add_argument("periods", type=int)
    ap.add_argument("options", nargs="*", help="HiGHS options as key=value")
    ap.add_argument("--flex", default="training", choices=("none", "training", "all"))
    ap.add_argument("--segments", type=int, default=None, help="steps a day (1-24)")
    ap.add_argument("--time-limit", type=float, default=1800.0, help="[s]")
    args = ap.parse_args()
    highs = {k: _value(v) for k, v in (o.split("=", 1) for o in args.options)}
    opts = PlanOptions(
        slicing="periods",
        periods=args.periods,
        segments=args.segments,
        flexibility=args.flex,
        solver_options=highs,
        time_limit_s=args.time_limit,
    )
    pm = build_model(build_inputs(load_scenario(args.scenario), opts), opts)
    out = solve_model(pm.model, opts.solver, opts.time_limit_s, opts.solver_options)
    print(
        json.dumps(
            {
                "scenario": args.scenario,
                "periods": args.periods,
                "segments": args.segments,
                "flex": args.flex,
                "highs_options": highs,
                "variables": int(pm.model.nvars),
                "constraints": int(pm.model.ncons),
                "termination": out.termination,
                "timings_s": out.timings_s,
                "objective_busd": out.objective,
            }
        )
    )


if __name__ == "__main__":
    main()
