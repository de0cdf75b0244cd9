"""plan(): scenario in, Result out. Infeasible models are explained, never dumped."""

from __future__ import annotations

import platform
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import numpy as np

from .. import units
from ..errors import ModelInfeasibleError
from ..results.result import Result
from ..scenario import expand, load_scenario
from ..scenario.schema import Scenario
from ..solve import INFEASIBLE, solve_model
from .build import PlanModel, build_model
from .inputs import build_inputs
from .options import PlanOptions

#: scenario fields behind each constraint family, for infeasibility reports
FAMILY_FIELDS = {
    "wafer_supply": ["supply.wafers_per_year", "supply.new_fab", "supply.new_fabs_allowed"],
    "cowos_supply": ["supply.cowos_wafers_per_year"],
    "hbm_supply": ["supply.hbm_stacks_per_year"],
    "datacenter_capacity": [
        "sites.{site}.existing.it_gw",
        "sites.{site}.existing.accelerators",
        "sites.{site}.conventional_it_gw",
    ],
    "site_cap": [
        "sites.{site}.max_facility_gw",
        "sites.{site}.existing.it_gw",
        "sites.{site}.conventional_it_gw",
    ],
    "land": ["sites.{site}.land_km2"],
    "energy_balance": [
        "sites.{site}.grid_import_gw",
        "sites.{site}.build",
        "sites.{site}.existing.power",
        "sites.{site}.conventional_it_gw",
    ],
    "generation_limit": ["sites.{site}.capacity_factors"],
    "grid_import_limit": ["sites.{site}.grid_import_gw"],
    "firm_capacity": [
        "policy.reserve_margin",
        "sites.{site}.build",
        "sites.{site}.grid_import_gw",
        "sites.{site}.conventional_it_gw",
    ],
    "build_limit": ["sites.{site}.build_limits_gw", "sites.{site}.existing.power"],
    "export_cap": ["policy.export_caps.{country}", "sites.*.existing.accelerators"],
    "budget": ["policy.budget_usd_per_year"],
    "clean_share": ["policy.min_clean_share"],
}

Stage = Callable[[str], None]


def versions() -> dict:
    out = {"python": platform.python_version()}
    for pkg in ("flopgrid", "linopy", "highspy", "xarray", "pandas", "numpy"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "unknown"
    return out


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
            "grid_carbon_t_per_mwh": expand.site_grid_carbon(scn, name),
            "grid_price_usd_per_mwh": expand.site_grid_price(scn, name),
        }
    return info


def diagnose(pm_elastic: PlanModel) -> list[dict]:
    """Rows whose slack an elastic solve had to use: the limits that cannot all hold."""
    found = []
    m = pm_elastic.model
    for name in m.variables:
        if not name.startswith("slack_"):
            continue
        family = name.removeprefix("slack_")
        sol = m.variables[name].solution.fillna(0.0)
        used = sol.where(sol > 1e-7, drop=True) if sol.ndim else sol
        if sol.ndim == 0:
            rows = [({}, float(sol))] if float(sol) > 1e-7 else []
        else:
            stacked = used.stack(_r=list(used.dims)) if used.size else used
            rows = []
            for i in range(stacked.sizes.get("_r", 0)):
                cell = stacked.isel(_r=i)
                if np.isfinite(cell.item()) and cell.item() > 1e-7:
                    rows.append(({d: cell[d].item() for d in used.dims}, float(cell.item())))
        if not rows:
            continue
        where = rows[0][0]
        fields = [
            f.format(site=where.get("site", "*"), country=where.get("country", "*"))
            for f in FAMILY_FIELDS.get(family, [])
        ]
        found.append({"family": family, "rows": rows, "fields": fields})
    return found


def _infeasible_message(scenario: str, found: list[dict]) -> str:
    lines = [f"scenario {scenario!r} has no feasible plan, even with unserved compute."]
    if not found:
        lines.append(
            "No single constraint family explains it; check the existing fleet against every limit."
        )
    for item in found:
        where = []
        for coords, amount in item["rows"][:4]:
            label = ", ".join(f"{k}={v}" for k, v in coords.items())
            where.append(f"{label} (short by {amount:.4g})")
        more = f" and {len(item['rows']) - 4} more" if len(item["rows"]) > 4 else ""
        lines.append(f"- {item['family']} cannot hold at {'; '.join(where)}{more}")
        lines.append(f"  scenario fields involved: {', '.join(item['fields'])}")
    return "\n".join(lines)


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
    opts = options or PlanOptions()
    stage = on_stage or (lambda _name: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    stage("validating scenario")
    scn = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, overrides)
    stage("preparing inputs")
    t = time.perf_counter()
    inp = build_inputs(scn)
    timings["inputs_s"] = time.perf_counter() - t
    stage("building model")
    t = time.perf_counter()
    pm = build_model(inp, opts)
    timings["build_s"] = time.perf_counter() - t
    stage(f"solving with {opts.solver}")
    outcome = solve_model(pm.model, opts.solver, opts.time_limit_s, opts.solver_options)
    timings.update(outcome.timings_s)
    if outcome.status == INFEASIBLE:
        stage("diagnosing infeasibility")
        elastic = build_model(inp, PlanOptions(**{**opts.__dict__, "elastic": True}))
        solve_model(elastic.model, opts.solver, opts.time_limit_s, opts.solver_options)
        found = diagnose(elastic)
        raise ModelInfeasibleError(_infeasible_message(scn.name, found), found)
    from ..results.extract import extract  # results read the plan model, not the reverse

    stage("extracting results")
    t = time.perf_counter()
    data = extract(pm)
    timings["extract_s"] = time.perf_counter() - t
    timings["total_s"] = time.perf_counter() - t0
    nvars = int(pm.model.nvars)
    ncons = int(pm.model.ncons)
    meta = {
        "flopgrid_version": versions()["flopgrid"],
        "scenario": scn.name,
        "title": scn.title,
        "status": outcome.status,
        "objective_usd": units.usd_from_busd(outcome.objective + pm.constant_busd),
        "solver": {
            "name": outcome.solver,
            "version": outcome.solver_version,
            "termination": outcome.termination,
        },
        "options": {"milp": opts.milp, "solver": opts.solver, "time_limit_s": opts.time_limit_s},
        "overrides": list(overrides),
        "timings_s": timings,
        "model_size": {"variables": nvars, "constraints": ncons},
        "versions": versions(),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "sites": _sites_info(scn),
    }
    result = Result(data, meta, scn.model_dump(mode="json"))
    result.solver_log = outcome.log
    return result
