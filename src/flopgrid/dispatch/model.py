"""The hourly dispatch model: variables, the constraint families and the objective.

Units: M h100e, GW, GWh, M USD, t.
"""

from __future__ import annotations

from dataclasses import dataclass

import linopy
import xarray as xr

from .families import FAMILIES, RECORDS, zero_filled
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


def cost_terms(inp: DispatchInputs, v: dict) -> dict:
    """Objective terms [M USD]: energy (incl. carbon price) and unserved-work penalties."""
    return {
        "generation": (zero_filled(v, "generation") * inp["gen_cost_musd_per_gwh"]).sum(),
        "grid": (zero_filled(v, "grid_import") * inp["grid_cost_musd_per_gwh"]).sum(),
        "unserved_inference": float(inp["penalty_inference"]) * v["unserved_inference"].sum(),
        "unserved_training": float(inp["penalty_training"]) * v["unserved_training"].sum(),
    }


def build_dispatch(inp: DispatchInputs) -> DispatchModel:
    """Build the linopy model for a fleet's hourly dispatch."""
    m = linopy.Model(force_dim_names=True)
    v = add_variables(m, inp)
    for add_family in FAMILIES:
        add_family(m, inp, v)
    unrecorded = sorted(set(m.constraints) - set(RECORDS))
    if unrecorded:  # every family has its one record (names, units, sentences)
        raise AssertionError(f"dispatch families without a record: {unrecorded}")
    costs = cost_terms(inp, v)
    objective = None
    for term in costs.values():
        objective = term if objective is None else objective + term
    m.add_objective(objective)
    return DispatchModel(m, inp, v, costs)


def solution(var: linopy.Variable) -> xr.DataArray:
    """A variable's solution with masked entries as 0."""
    return var.solution.fillna(0.0)
