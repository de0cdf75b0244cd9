"""Decision variables of the planning model and the fleet expressions built from them.

Build variables are indexed by ``vintage``, the year an asset *enters service*;
an asset of vintage v serves in years v .. v + lifetime - 1, and may only enter
service once its lead time has passed since the horizon's start. Assets of the
horizon's first year onward that already exist (``existing``) are parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import linopy
import numpy as np
import xarray as xr

from .inputs import PlanInputs
from .options import PlanOptions
from .sparse import weighted_sum


@dataclass
class Fleet:
    """Linear expressions derived from the variables, shared by constraints and results."""

    ai_it_gw: linopy.LinearExpression  # (site, year) IT power of the AI fleet [GW]
    compute: linopy.LinearExpression  # (site, year, tenant) compute in service [M h100e]
    it_gw: linopy.LinearExpression  # (site, year) IT power in service, AI + conventional [GW]
    dc_it_gw: linopy.LinearExpression  # (site, year) data-center capacity [GW IT]
    pw_cap_gw: linopy.LinearExpression  # (site, tech, year) [GW]
    fabs_in_service: linopy.LinearExpression | None  # (year,) [fabs]
    energy_twh: linopy.LinearExpression  # (site, year) facility energy [TWh]
    facility_gw: linopy.LinearExpression  # (site, year) peak facility power [GW]


class Vars(dict):
    """The model's variables by name, with each one's zero-filled expression cached.

    Masked slots of a variable are absent; ``filled(name)`` is the variable as an
    expression with those slots contributing 0, built once (it is costly in linopy).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._filled: dict[str, linopy.LinearExpression] = {}

    def filled(self, name: str) -> linopy.LinearExpression:
        if name not in self._filled:
            self._filled[name] = self[name].fillna(0)
        return self._filled[name]


def _in_service(var_expr: linopy.LinearExpression, active: xr.DataArray) -> linopy.LinearExpression:
    # an asset serves only in its lifetime's years: drop the other vintages' zero terms now,
    # rather than carry one term per vintage of the horizon into every family that uses it
    return (var_expr * active).sum("vintage").densify_terms()


def add_variables(m: linopy.Model, inp: PlanInputs, opts: PlanOptions) -> Vars:
    """Create every decision variable, masked to where it can be non-zero."""
    ds = inp.ds
    v = inp.years.rename("vintage")
    avail = ds["acc_available"].rename(year="vintage")
    acc_mask = ds["acc_allowed"] & avail & ds["tenant_ok"]
    dc_mask = ds["dc_buildable"].rename(year="vintage")
    pw_mask = ds["pw_buildable"].rename(year="vintage")
    has_power = pw_mask.any("vintage") | (ds["pw_existing_gw"] > 0).any("year")
    gen_mask = (ds["pw_generates"] & has_power).broadcast_like(ds["pw_existing_gw"])
    grid_mask = (ds["grid_import_gw"] > 0).broadcast_like(ds["discount"])

    var = Vars(
        {
            "accelerators_built": m.add_variables(
                lower=0,
                coords=[inp.sites, inp.gens, v, inp.tenants],
                name="accelerators_built",
                mask=acc_mask.transpose("site", "gen", "vintage", "tenant"),
            ),
            "datacenter_built": m.add_variables(
                lower=0, coords=[inp.sites, v], name="datacenter_built", mask=dc_mask
            ),
            "power_built": m.add_variables(
                lower=0, coords=[inp.sites, inp.techs, v], name="power_built", mask=pw_mask
            ),
            "generation": m.add_variables(
                lower=0, coords=[inp.sites, inp.techs, inp.years], name="generation", mask=gen_mask
            ),
            "grid_import": m.add_variables(
                lower=0, coords=[inp.sites, inp.years], name="grid_import", mask=grid_mask
            ),
        }
    )
    if inp.has_world_demand:
        var["unserved"] = m.add_variables(lower=0, coords=[inp.tenants, inp.years], name="unserved")
    if len(inp.regions):
        var["unserved_region"] = m.add_variables(
            lower=0, coords=[inp.regions, inp.years], name="unserved_region"
        )
    # IT power and compute in service, each defined once by an equality
    # (fleet_definitions) so that the families using them carry one term, not the fleet
    var["it_power"] = m.add_variables(lower=0, coords=[inp.sites, inp.years], name="it_power")
    var["compute"] = m.add_variables(
        lower=0, coords=[inp.sites, inp.years, inp.tenants], name="compute"
    )
    if inp.new_fabs_allowed:
        cap = inp.fab["max_per_year"]
        upper = np.inf if cap is None else cap
        var["fabs_built"] = m.add_variables(
            lower=0,
            upper=upper,
            coords=[v],
            name="fabs_built",
            mask=ds["fab_buildable"].rename(year="vintage"),
            integer=opts.milp,
        )
    return var


def accelerators_made(var: dict, per_accelerator: xr.DataArray) -> linopy.LinearExpression:
    """Accelerators made per year, weighted by ``per_accelerator`` (gen) and summed over
    generations (wafers, packaging, HBM stacks) [M x unit]."""
    made = weighted_sum(var["accelerators_built"], per_accelerator, ["vintage"])
    return made.rename(vintage="year")


def fleet_expressions(inp: PlanInputs, var: dict) -> Fleet:
    """In-service stocks, IT and facility power and energy, as expressions."""
    ds = inp.ds
    acc = var["accelerators_built"]
    active = ds["acc_active"]
    existing = ds["acc_existing_m"]
    ai_it_gw = weighted_sum(acc, active * ds["acc_it_gw_per_m"], ["site", "year"]) + (
        existing * ds["acc_it_gw_per_m"]
    ).sum("gen")
    compute = weighted_sum(acc, active * ds["acc_h100e"], ["site", "year", "tenant"]) + (
        existing * ds["existing_owner"] * ds["acc_h100e"]
    ).sum("gen")
    it_gw = 1.0 * var["it_power"]
    if bool((ds["conventional_it_gw"] > 0).any()):
        # conventional (non-AI) IT load: exogenous, so a constant of the expression
        it_gw = it_gw + ds["conventional_it_gw"]
    dc_it_gw = _in_service(var.filled("datacenter_built"), ds["dc_active"]) + ds["dc_existing_gw"]
    pw_cap = _in_service(var.filled("power_built"), ds["pw_active"]) + ds["pw_existing_gw"]
    fabs = None
    if "fabs_built" in var:
        fabs = _in_service(var.filled("fabs_built"), ds["fab_active"])
    facility_gw = it_gw * ds["pue"]
    energy = it_gw * (ds["pue"] * ds["load_factor"] * ds["twh_per_gw_year"])
    return Fleet(ai_it_gw, compute, it_gw, dc_it_gw, pw_cap, fabs, energy, facility_gw)
