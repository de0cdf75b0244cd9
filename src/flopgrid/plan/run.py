"""plan(): scenario in, Result out. Infeasible models are explained, never dumped."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from .. import units
from ..errors import ModelInfeasibleError
from ..results.result import Result
from ..runinfo import freeze_imports, utc_now, versions
from ..scenario import expand, expand_power, load_scenario
from ..scenario.schema import Scenario
from ..solve import INFEASIBLE, SolveOutcome, solve_model
from .build import PlanModel, build_model
from .diagnose import diagnose, infeasible_message
from .extract import extract
from .families import RECORDS
from .inputs import PlanInputs, build_inputs
from .options import PlanOptions
from .shortfall import SHORTFALL_RECORDS, explain_shortfalls
from .variables import solution

Stage = Callable[[str], None]


def _sites_info(scn: Scenario) -> dict:
    info = {}
    for name, site in scn.sites.items():
        lat, lon = expand.site_coordinates(scn, name)
        info[name] = {
            "country": site.country,
            "region": expand.site_region(scn, name),
            "lat": lat,
            "lon": lon,
            "max_facility_gw": site.max_facility_gw,
            "land_km2": site.land_km2,
            "grid_import_gw": site.grid_import_gw,
            "grid_carbon_t_per_mwh": _known(expand.site_grid_carbon(scn, name)),
            "grid_price_usd_per_mwh": _known(expand.site_grid_price(scn, name)),
            **_power_water_info(scn, name),
        }
    return info


def _known(value: float) -> float | None:
    return value if value == value else None


def _power_water_info(scn: Scenario, name: str) -> dict:
    """A site's interconnection wait, gas price, cooling and water cap (first year)."""
    site = scn.sites[name]
    gas = float(expand_power.gas_price(scn, name, [scn.years.start])[0])
    limit = site.water_limit_gl_per_year
    design = expand.datacenter_design(scn, site)
    return {
        "interconnection_lead_years": expand_power.interconnection_lead_years(scn, name),
        "existing_grid_import_gw": site.existing.grid_import_gw,
        "gas_price_usd_per_mmbtu": _known(gas),
        "cooling": design.cooling,
        "water_limit_gl_per_year": None
        if limit is None
        else float(expand.trajectory(limit, [scn.years.start])[0]),
    }


def _solve(inp: PlanInputs, opts: PlanOptions, timings: dict, stage: Stage):
    stage("building model")
    t = time.perf_counter()
    pm = build_model(inp, opts)
    timings["build_s"] = timings.get("build_s", 0.0) + time.perf_counter() - t
    stage(f"solving with {opts.solver}")
    outcome = solve_model(pm.model, opts.solver, opts.time_limit_s, opts.solver_options)
    for key, value in outcome.timings_s.items():
        timings[key] = timings.get(key, 0.0) + value
    return pm, outcome


def _duals_of_milp(
    inp: PlanInputs, opts: PlanOptions, pm: PlanModel, timings: dict, stage: Stage
) -> tuple[PlanModel, SolveOutcome]:
    """A MILP has no duals: fix its integer decisions (new fabs) at the optimum and solve
    the LP that remains, as MILP planning tools do; its duals explain the plan."""
    fabs = tuple(float(v) for v in pm.variables["fabs_built"].solution.fillna(0.0).values.ravel())
    fixed = replace(opts, milp=False, fixed_fabs=fabs)
    stage("re-solving with new fabs fixed, for duals")
    return _solve(inp, fixed, timings, stage)


def plan(
    scenario: Scenario | str | Path,
    overrides: list[str] | tuple[str, ...] = (),
    options: PlanOptions | None = None,
    on_stage: Stage | None = None,
) -> Result:
    """Plan the least-cost build-out of a scenario.

    Parameters
    ----------
    scenario
        A Scenario, a built-in scenario name, or a YAML file.
    overrides
        ``path=value`` overrides (only when ``scenario`` is a name or file).
    options
        :class:`PlanOptions` (``milp``, ``solver``, ``time_limit_s``).
    on_stage
        Called with the name of each stage as it starts (progress display).

    Raises
    ------
    ScenarioError
        Bad input.
    ModelInfeasibleError
        No plan exists even with unserved compute; names the families and fields.
    SolverError
        The solver failed or hit its time limit.
    """
    freeze_imports()
    opts = options or PlanOptions()
    stage = on_stage or (lambda _name: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    stage("validating scenario")
    scn = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, overrides)
    stage("preparing inputs")
    t = time.perf_counter()
    stage("preparing time slices" if opts.slicing != "yearly" else "preparing inputs")
    inp = build_inputs(scn, opts)
    timings["inputs_s"] = time.perf_counter() - t
    pm, outcome = _solve(inp, opts, timings, stage)
    if outcome.status == INFEASIBLE:
        stage("diagnosing infeasibility")
        elastic = build_model(inp, replace(opts, elastic=True))
        solve_model(elastic.model, opts.solver, opts.time_limit_s, opts.solver_options)
        found = diagnose(elastic)
        raise ModelInfeasibleError(infeasible_message(scn.name, found), found)
    objective_busd = outcome.objective + pm.constant_busd
    duals_from = "the LP"
    if opts.milp and "fabs_built" in pm.variables:
        pm, _ = _duals_of_milp(inp, opts, pm, timings, stage)
        duals_from = "the LP with the MILP's new fabs fixed at their optimum"
    stage("extracting results")
    t = time.perf_counter()
    sol = solution(pm.variables)
    data = extract(pm, sol)
    shortfalls = explain_shortfalls(pm, sol)
    timings["extract_s"] = time.perf_counter() - t
    timings["total_s"] = time.perf_counter() - t0
    meta = {
        "flopgrid_version": versions()["flopgrid"],
        "kind": "plan",
        "scenario": scn.name,
        "title": scn.title,
        "status": outcome.status,
        "objective_usd": units.usd_from_busd(objective_busd),
        "solver": {
            "name": outcome.solver,
            "version": outcome.solver_version,
            "termination": outcome.termination,
            "duals_from": duals_from,
        },
        "options": {
            "milp": opts.milp,
            "solver": opts.solver,
            "time_limit_s": opts.time_limit_s,
            **opts.time_key,
        },
        "time_slices": {
            "mode": inp.slices.mode,
            "slices": int(inp.slices.share.size),
            **inp.slices.notes,
        },
        "overrides": list(overrides),
        "timings_s": timings,
        "model_size": {"variables": int(pm.model.nvars), "constraints": int(pm.model.ncons)},
        "versions": versions(),
        "created": utc_now(),
        "sites": _sites_info(scn),
        "families": {name: rec.to_dict() for name, rec in {**RECORDS, **SHORTFALL_RECORDS}.items()},
        "shortfalls": shortfalls,
    }
    result = Result(data, meta, scn.model_dump(mode="json"))
    result.solver_log = outcome.log
    return result
