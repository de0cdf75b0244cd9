"""Constraint families of the dispatch model: one record and one builder each.

Every family is built as a whole labelled array in one call (no loops over sites or
hours); its name is the name in results, and its record says what it means.
"""

from __future__ import annotations

import linopy

from ..modelling import add_limit
from ..records import Family
from .inputs import DispatchInputs

#: M USD per M h100e-hour -> USD per h100e-hour (numerically 1); M USD per GWh -> USD per MWh
_PER_H100E_HOUR = 1.0
_USD_PER_MWH = 1e3


def _record(
    name: str,
    kind,
    meaning: str,
    dims: tuple[str, ...],
    unit: str,
    label: str,
    value_unit: str,
    per: float,
    relief: str,
    place: str = "at {where}",
) -> Family:
    return Family(
        name=name,
        kind=kind,
        meaning=meaning,
        dims=dims,
        row_unit=unit,
        label=label,
        value_unit=value_unit,
        value_per_dual=per,
        relief=relief,
        place=place,
    )


RECORDS = {
    r.name: r
    for r in (
        _record(
            "inference_demand",
            "demand",
            "inference served from sites within the zone's"
            " latency limit + unserved = the zone's demand [M h100e]",
            ("zone", "time"),
            "M h100e",
            "inference demand",
            "USD per h100e-hour",
            _PER_H100E_HOUR,
            "one h100e-hour less of inference",
            "of {where}",
        ),
        _record(
            "training_budget",
            "demand",
            "training work of a deadline window done within it + unserved = its budget [M h100e-h]",
            ("jw",),
            "M h100e-h",
            "a training window's budget",
            "USD per h100e-hour",
            _PER_H100E_HOUR,
            "one h100e-hour less of training",
            "of window {where}",
        ),
        _record(
            "training_rate",
            "demand",
            "a job that may not pause runs at its rate every hour [M h100e]",
            ("job", "time"),
            "M h100e",
            "a training job's fixed rate",
            "USD per h100e-hour",
            _PER_H100E_HOUR,
            "one h100e-hour less of training",
            "of {where}",
        ),
        _record(
            "migration_excess",
            "definition",
            "work at a site beyond its home share of a"
            " window <= the migrated work there [M h100e-h]",
            ("jw", "site"),
            "M h100e-h",
            "migrated work",
            "USD per h100e-hour",
            _PER_H100E_HOUR,
            "one h100e-hour more at home",
        ),
        _record(
            "migration_limit",
            "limit",
            "migrated work of a window <= the job's migration share x its budget [M h100e-h]",
            ("jw",),
            "M h100e-h",
            "the migration limit",
            "USD per h100e-hour",
            _PER_H100E_HOUR,
            "one more h100e-hour allowed away",
            "of window {where}",
        ),
        _record(
            "compute_capacity",
            "limit",
            "work served at a site <= its compute in service [M h100e]",
            ("site", "time"),
            "M h100e",
            "the compute in service",
            "USD per h100e-hour",
            _PER_H100E_HOUR,
            "one more h100e for an hour",
        ),
        _record(
            "site_power",
            "balance",
            "generation + grid import + discharge - charge ="
            " facility power of the work served [GW]",
            ("site", "time"),
            "GW",
            "power",
            "USD per MWh",
            _USD_PER_MWH,
            "one MWh less to supply",
        ),
        _record(
            "storage_balance",
            "balance",
            "state of charge follows charge and discharge, cyclic within each block of hours [GWh]",
            ("site", "time"),
            "GWh",
            "stored energy",
            "USD per MWh",
            _USD_PER_MWH,
            "one MWh more in store",
        ),
    )
}


def zero_filled(v: dict, name: str) -> linopy.LinearExpression:
    """A variable as an expression, with masked (absent) entries as 0."""
    return v[name].fillna(0)


def _work(v: dict) -> linopy.LinearExpression:
    """Compute served at each site and hour [M h100e]."""
    return zero_filled(v, "served_inference").sum("zone") + zero_filled(v, "served_training").sum(
        "job"
    )


def add_inference_demand(m, inp: DispatchInputs, v: dict) -> None:
    """Each zone's inference is served from sites within its latency limit, or unserved."""
    lhs = zero_filled(v, "served_inference").sum("site") + v["unserved_inference"]
    add_limit(m, lhs, "=", inp["inference_mh100e"], "inference_demand", elastic=False)


def add_training_budget(m, inp: DispatchInputs, v: dict) -> None:
    """Each job's work of a window is done within the window, or unserved [M h100e-h]."""
    window = inp["window"]
    done = (
        (zero_filled(v, "served_training").sum("site") + v["unserved_training"])
        .groupby(window)
        .sum()
    )
    done = done.rename({"window": "jw"}) if "window" in done.dims else done
    add_limit(m, done, "=", inp["jw_budget_mh100e_h"], "training_budget", elastic=False)


def add_training_rate(m, inp: DispatchInputs, v: dict) -> None:
    """A job that may not pause runs at its rate every hour."""
    fixed = ~inp["training_pausable"]
    if not bool(fixed.any()):
        return
    lhs = zero_filled(v, "served_training").sum("site") + v["unserved_training"]
    rhs = inp["training_mh100e"].broadcast_like(inp.ds["time"].astype(float))
    add_limit(m, lhs, "=", rhs, "training_rate", elastic=False, mask=fixed)


def add_migration(m, inp: DispatchInputs, v: dict) -> None:
    """Work run at a site beyond its home share, summed over sites, <= the job's share."""
    limited = inp["jw_migration"] < 1
    if not bool(limited.any()):
        return
    at_site = zero_filled(v, "served_training").groupby(inp["window"]).sum()
    at_site = at_site.rename({"window": "jw"}) if "window" in at_site.dims else at_site
    home = inp["jw_home"] * inp["jw_budget_mh100e_h"]
    add_limit(
        m,
        zero_filled(v, "migrated") - at_site,
        ">=",
        -home,
        "migration_excess",
        elastic=False,
        mask=limited.broadcast_like(home),
    )
    add_limit(
        m,
        zero_filled(v, "migrated").sum("site"),
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
        zero_filled(v, "generation").sum("tech")
        + zero_filled(v, "grid_import")
        + zero_filled(v, "discharge").sum("storage")
        - zero_filled(v, "charge").sum("storage")
    )
    load = inp["gw_per_mh100e"] * _work(v)
    add_limit(m, supply - load, "=", 0.0, "site_power", elastic=False)


def add_storage_balance(m, inp: DispatchInputs, v: dict) -> None:
    """State of charge of each storage technology follows its charge and discharge at its own
    efficiency, cyclic within each block [GWh]."""
    if not bool((inp["storage_gw"] > 0).any()):
        return
    soc = zero_filled(v, "state_of_charge")
    before = soc.isel(time=inp["prev"].values).assign_coords(time=inp.ds.indexes["time"])
    eff = inp["storage_eff"]
    lhs = soc - before - eff * zero_filled(v, "charge") + (1.0 / eff) * zero_filled(v, "discharge")
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
