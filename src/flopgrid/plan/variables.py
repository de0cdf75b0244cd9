"""Decision variables of the planning model, each masked to where it can be non-zero.

Build variables are indexed by ``vintage``, the year an asset *enters service*; an asset
of vintage v serves in years v .. v + lifetime - 1 and may enter service only once its
lead time has passed since the horizon's start. Existing assets are parameters.
"""

from __future__ import annotations

import linopy
import numpy as np
import pandas as pd
import xarray as xr

from ..modelling.variable import add_variable
from .inputs import PlanInputs
from .inputs.slices import required
from .options import PlanOptions


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


def add_variables(m: linopy.Model, inp: PlanInputs, opts: PlanOptions) -> Vars:
    """Create every decision variable (all >= 0)."""
    h, s, acc, dc, pw, dem = (
        inp.horizon,
        inp.sites,
        inp.accelerators,
        inp.datacenters,
        inp.power,
        inp.demand,
    )
    sl = inp.slices
    v = h.vintages
    acc_mask = acc.allowed & acc.available.rename(year="vintage") & dem.tenant_may_use
    has_power = pw.buildable.any("vintage") | (pw.existing_gw > 0).any("year")
    gen_mask = (pw.generates & has_power).broadcast_like(pw.existing_gw)
    grid_mask = (s.grid_import_gw > 0).broadcast_like(h.discount)
    if sl.sliced:  # no variable where a plant has nothing to give (solar at night)
        gen_mask = gen_mask & (sl.availability > 0)
        grid_mask = grid_mask.broadcast_like(sl.share)
    var = Vars(
        {
            "accelerators_built": add_variable(
                m,
                "accelerators_built",
                [s.names, acc.names, v, dem.tenants],
                mask=acc_mask.transpose("site", "gen", "vintage", "tenant"),
            ),
            "datacenter_built": add_variable(
                m,
                "datacenter_built",
                [s.names, v],
                mask=dc.buildable.transpose("site", "vintage"),
            ),
            "power_built": add_variable(
                m,
                "power_built",
                [s.names, pw.names, v],
                mask=pw.buildable.transpose("site", "tech", "vintage"),
            ),
            "generation": add_variable(
                m,
                "generation",
                [s.names, pw.names, h.years, *sl.coords()],
                mask=gen_mask.transpose("site", "tech", "year", *sl.dims),
            ),
            "grid_import": add_variable(
                m,
                "grid_import",
                [s.names, h.years, *sl.coords()],
                mask=grid_mask.transpose("site", "year", *sl.dims),
            ),
        }
    )
    if dem.world:
        var["unserved"] = add_variable(m, "unserved", [dem.tenants, h.years])
    if len(dem.regions):
        var["unserved_region"] = add_variable(m, "unserved_region", [dem.regions, h.years])
    # IT power and compute in service, each defined once by an equality
    # (it_power_definition, compute_definition) so that the families using them carry
    # one term, not the whole fleet
    var["it_power"] = add_variable(m, "it_power", [s.names, h.years])
    var["compute"] = add_variable(m, "compute", [s.names, h.years, dem.tenants])
    _add_fleet_exits(m, inp, var, acc_mask)
    _add_hbm_draws(m, inp, var)
    fabs = inp.supply.fabs
    if fabs.allowed:
        lower: xr.DataArray | float = 0
        upper: xr.DataArray | float = np.inf
        if opts.fixed_fabs is not None:  # a MILP's integer decisions, fixed for its duals
            lower = upper = xr.DataArray(
                np.asarray(opts.fixed_fabs, dtype=float).reshape(len(fabs.names), len(v)),
                dims=("fab", "vintage"),
                coords={"fab": fabs.names, "vintage": v},
            )
        var["fabs_built"] = add_variable(
            m,
            "fabs_built",
            [fabs.names, v],
            lower=lower,
            upper=upper,
            mask=fabs.buildable.transpose("fab", "vintage"),
            integer=opts.milp and opts.fixed_fabs is None,
        )
    if sl.sliced:
        _add_slice_variables(m, inp, var, has_power)
    return var


def _add_fleet_exits(m: linopy.Model, inp: PlanInputs, var: Vars, acc_mask) -> None:
    """Early retirement: the accelerators of a generation in service at a site, where some
    may be alive, when the generation may retire early. It may be fewer than those alive
    (fleet_alive) and may grow only by what is built that year (fleet_no_return): any such
    path is the alive fleet less retirements, oldest first."""
    acc, dem = inp.accelerators, inp.demand
    bought = acc_mask.astype(float)  # site, gen, vintage, tenant
    alive = xr.dot(bought, acc.in_service, dim="vintage") > 0  # site, gen, tenant, year
    alive = alive | ((acc.existing_m > 0) & (dem.existing_owner > 0))
    mask = (alive & acc.early).transpose("site", "gen", "year", "tenant")
    if bool(mask.any()):
        var["accelerators_in_service"] = m.add_variables(
            lower=0,
            coords=[inp.sites.names, acc.names, inp.horizon.years, dem.tenants],
            name="accelerators_in_service",
            mask=mask,
        )


def _add_hbm_draws(m: linopy.Model, inp: PlanInputs, var: Vars) -> None:
    """HBM stacks drawn from each pool for the accelerators of each HBM user (export class
    and HBM generation) made in a year, where the pool can and may supply them."""
    p = inp.supply.pools
    need = (p.hbm_per_acc > 0).any() and bool(p.of_kind("hbm").any())
    if not need:
        return
    mask = p.hbm_allowed & (p.capacity_m.fillna(0) > 0) | (
        p.hbm_allowed & (p.stock_m.fillna(0) > 0)
    )
    var["hbm_drawn"] = m.add_variables(
        lower=0,
        coords=[p.names, inp.horizon.years, p.users],
        name="hbm_drawn",
        mask=mask.transpose("pool", "year", "hbm_user"),
    )


def _add_slice_variables(
    m: linopy.Model, inp: PlanInputs, var: Vars, has_power: xr.DataArray
) -> None:
    """Capacity in service (one variable the per-slice rows share), storage operation and
    flexible load: variables only time slices have. Energy rates in TWh/yr, levels in GWh.
    """
    s, h, pw, sl, st = inp.sites, inp.horizon, inp.power, inp.slices, inp.storage
    year_mask = has_power.broadcast_like(pw.existing_gw).transpose("site", "tech", "year")
    var["power_capacity"] = m.add_variables(
        lower=0, coords=[s.names, pw.names, h.years], name="power_capacity", mask=year_mask
    )
    # the grid connection in service likewise: its vintages summed once per site-year, not
    # in every slice's rows (those columns were the model's densest, 600 rows on average)
    connected = (s.grid_import_gw > 0).broadcast_like(h.discount).transpose("site", "year")
    if bool(connected.any()):
        var["grid_capacity"] = m.add_variables(
            lower=0, coords=[s.names, h.years], name="grid_capacity", mask=connected
        )
    stores = has_power.sel(tech=list(st.names)) if len(st.names) else None
    if stores is not None and bool(stores.any()):
        coords = [s.names, st.names, h.years]
        at = stores.broadcast_like(pw.existing_gw.sel(tech=list(st.names)))
        per_slice = at.broadcast_like(sl.share).transpose("site", "tech", "year", "slice")
        src = required(sl.source, "slices.source")
        order = required(sl.period_order, "slices.period_order")
        periods = pd.RangeIndex(len(src.period_weight), name="period")
        calendar = pd.RangeIndex(order.sizes["calendar"], name="calendar")
        # cyclic within each period (all hours: the year): the level is the state of
        # charge itself; linked: a level within each period, from 0 at its start, on top
        # of the level the period starts with (Kotzur et al. 2018)
        level_low = 0 if sl.cyclic else -np.inf
        for name, low in (("charge", 0), ("discharge", 0), ("storage_level", level_low)):
            var[name] = m.add_variables(
                lower=low,
                coords=[*coords, required(sl.index, "slices.index")],
                name=name,
                mask=per_slice,
            )
        linked = (
            ("storage_level_max", 0, np.inf, periods),
            ("storage_level_min", -np.inf, 0, periods),
            ("storage_start", 0, np.inf, calendar),
        )
        for name, low, high, index in () if sl.cyclic else linked:
            mask = at.expand_dims({index.name: index}).transpose("site", "tech", "year", index.name)
            var[name] = m.add_variables(
                lower=low, upper=high, coords=[*coords, index], name=name, mask=mask
            )
    if sl.flexible_share > 0:
        hosts = s.hosts_accelerators.broadcast_like(h.discount).broadcast_like(sl.share)
        var["flexible_load"] = m.add_variables(
            lower=0,
            coords=[s.names, h.years, required(sl.index, "slices.index")],
            name="flexible_load",
            mask=hosts.transpose("site", "year", "slice"),
        )


def solution(var: Vars) -> dict[str, xr.DataArray]:
    """Every variable's solution, masked slots as 0."""
    return {name: v.solution.fillna(0.0) for name, v in var.items()}
