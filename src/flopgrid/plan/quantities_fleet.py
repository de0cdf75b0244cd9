"""The accelerator fleet's quantities: made, in service, alive, and what is left at the end."""

from __future__ import annotations

import xarray as xr

from ..modelling import Linear, Part
from .inputs import PlanInputs


def made(inp: PlanInputs, per_accelerator: xr.DataArray, name: str, dims) -> Linear:
    """Accelerators made per year [M] weighted by ``per_accelerator`` (wafers, stacks)."""
    eye = entry_year(inp)
    return Linear(name, "M", dims, (Part("accelerators_built", per_accelerator * eye),))


def fleet(inp: PlanInputs) -> Linear:
    """Accelerators in service [M]: of generations that may retire early, the variable
    ``accelerators_in_service``; of the others, built x service plus the existing fleet
    (its tenant's) while alive."""
    acc, dem = inp.accelerators, inp.demand
    fixed = (~acc.early).astype(float)
    parts = [Part("accelerators_built", acc.in_service * fixed)]
    if bool(acc.early.any()):
        parts.append(Part("accelerators_in_service", acc.early.astype(float)))
    return Linear(
        "fleet_m",
        "M",
        ("site", "gen", "year", "tenant"),
        tuple(parts),
        acc.existing_m * dem.existing_owner * fixed,
    )


def alive(inp: PlanInputs) -> Linear:
    """Accelerators alive [M]: built x service plus the existing fleet still alive (its
    tenant's), whether in service or retired early."""
    acc, dem = inp.accelerators, inp.demand
    return Linear(
        "alive_m",
        "M",
        ("site", "gen", "year", "tenant"),
        (Part("accelerators_built", acc.in_service),),
        acc.existing_m * dem.existing_owner,
    )


def entry_year(inp: PlanInputs) -> xr.DataArray:
    """(vintage, year): 1 where year == vintage (an asset without lead time is made and paid
    in the year it enters service)."""
    h = inp.horizon
    v = xr.DataArray(h.years.values, dims="vintage", coords={"vintage": h.vintages})
    y = xr.DataArray(h.years.values, dims="year", coords={"year": h.years})
    return (v == y).astype(float)


def residual_share(inp: PlanInputs, life: xr.DataArray | float) -> xr.DataArray:
    """(vintage, ...) share of an asset's overnight cost undepreciated (straight line) after
    the horizon's last year [1]."""
    h = inp.horizon
    v = xr.DataArray(h.years.values, dims="vintage", coords={"vintage": h.vintages})
    end = float(h.years[-1])
    return ((v + life - 1 - end).clip(min=0) / life).clip(max=1)
