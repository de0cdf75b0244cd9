"""The hourly dispatch model: variables, one function per constraint family, objective.

Every family is built as a whole labelled array in one call (no loops over sites or
hours); its name is the name in results. Units: M h100e, GW, GWh, M USD, t.
"""

from __future__ import annotations

from dataclasses import dataclass

import linopy
import xarray as xr

from ..plan.limit import add_limit
from .inputs import DispatchInputs


@dataclass
class DispatchModel:
    model: linopy.Model
    inputs: DispatchInputs
    variables: dict
    costs: dict


def add_variables(m: linopy.Model, inp: DispatchInputs) -> dict:
    """All decision variables, masked where they cannot exist (all >= 0)."""
    ds = inp.ds
    time, site = ds.indexes["time"], ds.indexes["site"]
    avail_gw = (ds["gen_cap_gw"] * ds["availability"]).transpose("site", "tech", "time")
    has_storage = (ds["storage_gw"] > 0).broadcast_like(ds["time"].astype(float))  # site x storage
    v = {
        "served_inference": m.add_variables(
            lower=0,
            coords=[ds.indexes["zone"], site, time],
            name="served_inference",
            mask=ds["inference_allowed"].broadcast_like(ds["time"].astype(float)),
        ),
        "served_training": m.add_variables(
            lower=0,
            coords=[ds.indexes["job"], site, time],
            name="served_training",
            mask=ds["training_allowed"].broadcast_like(ds["time"].astype(float)),
        ),
        "unserved_inference": m.add_variables(
            lower=0, upper=ds["inference_mh100e"], name="unserved_inference"
        ),
        "unserved_training": m.add_variables(
            lower=0, coords=[ds.indexes["job"], time], name="unserved_training"
        ),
        "generation": m.add_variables(
            lower=0, upper=avail_gw, name="generation", mask=avail_gw > 0
        ),
        "grid_import": m.add_variables(
            lower=0,
            upper=ds["grid_cap_gw"].broadcast_like(ds["time"].astype(float)),
            name="grid_import",
            mask=(ds["grid_cap_gw"] > 0).broadcast_like(ds["time"].astype(float)),
        ),
        "charge": m.add_variables(
            lower=0,
            upper=ds["storage_gw"].broadcast_like(ds["time"].astype(float)),
            name="charge",
            mask=has_storage,
        ),
        "discharge": m.add_variables(
            lower=0,
            upper=ds["storage_gw"].broadcast_like(ds["time"].astype(float)),
            name="discharge",
            mask=has_storage,
        ),
        "state_of_charge": m.add_variables(
            lower=0,
            upper=ds["storage_gwh"].broadcast_like(ds["time"].astype(float)),
            name="state_of_charge",
            mask=has_storage,
        ),
        "migrated": m.add_variables(
            lower=0,
            coords=[ds.indexes["jw"], site],
            name="migrated",
            mask=(ds["jw_migration"] < 1).broadcast_like(ds["jw_home"]),
        ),
    }
    return v


def _x(v: dict, name: str) -> linopy.LinearExpression:
    """A variable as an expression, with masked (absent) entries as 0."""
    return v[name].fillna(0)


def _work(v: dict) -> linopy.LinearExpression:
    """Compute served at each site and hour [M h100e]."""
    return _x(v, "served_inference").sum("zone") + _x(v, "served_training").sum("job")


def add_inference_demand(m, inp: DispatchInputs, v: dict) -> None:
    """Each zone's inference is served from sites within its latency limit, or unserved."""
    lhs = _x(v, "served_inference").sum("site") + v["unserved_inference"]
    add_limit(m, lhs, "=", inp["inference_mh100e"], "inference_demand", elastic=False)


def add_training_budget(m, inp: DispatchInputs, v: dict) -> None:
    """Each job's work of a window is done within the window, or unserved [M h100e-h]."""
    window = inp["window"]
    done = (_x(v, "served_training").sum("site") + v["unserved_training"]).groupby(window).sum()
    done = done.rename({"window": "jw"}) if "window" in done.dims else done
    add_limit(m, done, "=", inp["jw_budget_mh100e_h"], "training_budget", elastic=False)


def add_training_rate(m, inp: DispatchInputs, v: dict) -> None:
    """A job that may not pause runs at its rate every hour."""
    fixed = ~inp["training_pausable"]
    if not bool(fixed.any()):
        return
    lhs = _x(v, "served_training").sum("site") + v["unserved_training"]
    rhs = inp["training_mh100e"].broadcast_like(inp.ds["time"].astype(float))
    add_limit(m, lhs, "=", rhs, "training_rate", elastic=False, mask=fixed)


def add_migration(m, inp: DispatchInputs, v: dict) -> None:
    """Work run at a site beyond its home share, summed over sites, <= the job's share."""
    limited = inp["jw_migration"] < 1
    if not bool(limited.any()):
        return
    at_site = _x(v, "served_training").groupby(inp["window"]).sum()
    at_site = at_site.rename({"window": "jw"}) if "window" in at_site.dims else at_site
    home = inp["jw_home"] * inp["jw_budget_mh100e_h"]
    add_limit(
        m,
        _x(v, "migrated") - at_site,
        ">=",
        -home,
        "migration_excess",
        elastic=False,
        mask=limited.broadcast_like(home),
    )
    add_limit(
        m,
        _x(v, "migrated").sum("site"),
        "<=",
        inp["jw_migration"] * inp["jw_budget_mh100e_h"],
        "migration_limit",
        elastic=False,
        mask=limited,
    )


def add_compute_capacity(m, inp: DispatchInputs, v: dict) -> None:
    """Work served at a site <= its compute in service [M h100e]."""
    rhs = inp["compute_mh100e"].broadcast_like(inp.ds["time"].astype(float))
    add_limit(m, _work(v), "<=", rhs, "compute_capacity", elastic=False)


def add_site_power(m, inp: DispatchInputs, v: dict) -> None:
    """Generation + grid import + storage discharge - charge = facility power [GW]."""
    supply = (
        _x(v, "generation").sum("tech")
        + _x(v, "grid_import")
        + _x(v, "discharge").sum("storage")
        - _x(v, "charge").sum("storage")
    )
    load = inp["gw_per_mh100e"] * _work(v)
    add_limit(m, supply - load, "=", 0.0, "site_power", elastic=False)


def add_storage_balance(m, inp: DispatchInputs, v: dict) -> None:
    """State of charge of each storage technology follows its charge and discharge at its own
    efficiency, cyclic within each block [GWh]."""
    if not bool((inp["storage_gw"] > 0).any()):
        return
    soc = _x(v, "state_of_charge")
    before = soc.isel(time=inp["prev"].values).assign_coords(time=inp.ds.indexes["time"])
    eff = inp["storage_eff"]
    lhs = soc - before - eff * _x(v, "charge") + (1.0 / eff) * _x(v, "discharge")
    mask = (inp["storage_gw"] > 0).broadcast_like(inp.ds["time"].astype(float))
    add_limit(m, lhs, "=", 0.0, "storage_balance", elastic=False, mask=mask)


FAMILIES = (
    add_inference_demand,
    add_training_budget,
    add_training_rate,
    add_migration,
    add_compute_capacity,
    add_site_power,
    add_storage_balance,
)


def cost_terms(inp: DispatchInputs, v: dict) -> dict:
    """Objective terms [M USD]: energy (incl. carbon price) and unserved-work penalties."""
    return {
        "generation": (_x(v, "generation") * inp["gen_cost_musd_per_gwh"]).sum(),
        "grid": (_x(v, "grid_import") * inp["grid_cost_musd_per_gwh"]).sum(),
        "unserved_inference": float(inp["penalty_inference"]) * v["unserved_inference"].sum(),
        "unserved_training": float(inp["penalty_training"]) * v["unserved_training"].sum(),
    }


def build_dispatch(inp: DispatchInputs) -> DispatchModel:
    """Build the linopy model for a fleet's hourly dispatch."""
    m = linopy.Model(force_dim_names=True)
    v = add_variables(m, inp)
    for add_family in FAMILIES:
        add_family(m, inp, v)
    costs = cost_terms(inp, v)
    objective = None
    for term in costs.values():
        objective = term if objective is None else objective + term
    m.add_objective(objective)
    return DispatchModel(m, inp, v, costs)


def solution(var: linopy.Variable) -> xr.DataArray:
    """A variable's solution with masked entries as 0."""
    return var.solution.fillna(0.0)
