"""Every derived quantity of the plan, defined once as a :class:`~flopgrid.modelling.Linear`.

The fleet in service, energy, emissions, land, cash capex, residual value and each cost
term are written here and nowhere else: constraint families build their rows from these
definitions, the objective is the discounted sum of :attr:`Quantities.costs`, and the
results are these same definitions evaluated at the solution.

Units: GW, TWh, Mt CO2e, km2, M h100e and B USD (costs undiscounted, per year).
"""

from __future__ import annotations

from dataclasses import dataclass

import xarray as xr

from .. import units
from ..modelling import Linear, Part
from . import quantities_fleet as qf
from .inputs import PlanInputs
from .quantities_power import power_water

_ONE = xr.DataArray(1.0)

#: cost terms by reported component (summary.json's ``totals.cost_pv_usd``)
COMPONENTS = {
    "accelerators": ("accelerators",),
    "datacenters": ("datacenters_annuity", "datacenters_fixed_om"),
    "power": ("power_annuity", "power_fixed_om", "power_variable"),
    "fuel": ("fuel",),
    "grid_connection": ("grid_connection_annuity", "grid_connection_fixed_om"),
    "grid_energy": ("grid_energy",),
    "carbon": ("carbon",),
    "fabs": ("fabs_annuity", "fabs_fixed_om"),
    "unserved_penalty": ("unserved", "unserved_region"),
}


@dataclass(frozen=True)
class Quantities:
    """The plan's derived quantities (see the module docstring).

    Attributes
    ----------
    fleet_m
        (site, gen, year, tenant) accelerators in service: built and existing, alive and
        not retired early [M].
    alive_m
        (site, gen, year, tenant) accelerators alive, in service or retired early [M].
    made_m
        (gen, year) accelerators made [M].
    ai_it_gw
        (site, year) IT power of the accelerators in service [GW].
    compute_mh100e
        (site, year, tenant) compute in service [M h100e].
    it_gw, facility_gw, energy_twh
        (site, year) IT power incl. conventional load [GW], facility power [GW] and
        facility energy (x load factor x 8760 h) [TWh].
    datacenter_gw
        (site, year) data-center capacity in service [GW IT].
    power_gw
        (site, tech, year) power capacity in service [GW].
    fabs_in_service
        (fab, year) new fabs in service, None when none may be built.
    fab_wafers_m
        (pool, year) wafers the new fabs in service add to each pool [M], None without fabs.
    generation_twh
        (site, tech, year) energy generated [TWh]: the slices' rates [TWh/yr] x their
        shares of the year.
    grid_import_twh
        (site, year) energy imported from the grid [TWh], summed over slices likewise.
    load_twh
        (site, year[, slice]) facility load of each slice as a rate [TWh/yr]: the pinned
        share of the year's energy, evenly, plus the flexible load the plan places.
    clean_twh, supplied_twh
        (year) clean energy (clean generation + the grid's clean share) and all energy
        supplied to the sites [TWh].
    wafers_m, cowos_m
        (pool, year) logic wafers and CoWoS wafers used by the accelerators made [M].
    hbm_need_m
        (hbm_user, year) HBM stacks the accelerators of each export class and HBM
        generation made need [M].
    cowos_by_group
        (group, year) CoWoS wafers used by each designer's accelerators [M].
    emissions_mt, land_km2
        (site, year) emissions [Mt CO2e] and land used [km2].
    grid_connection_gw
        (site, year) grid connection in service (existing + built) [GW].
    gas_turbines_gw, transformers_gw
        (year) gas turbines in the plants entering service; new generators and grid
        connections entering service (each needs a large transformer) [GW].
    water_site_consumption_gl, water_site_withdrawal_gl
        (site, year) the site's own water: cooling (IT energy x the design's WUE) + its
        plants' generation x their water per TWh [GL].
    water_consumption_gl, water_withdrawal_gl
        (site, year) the site's own water + grid import x the country's grid water [GL].
    capex_cash
        Cash capex [B USD] by asset class: accelerators, datacenters, power (site, year),
        fabs (year).
    residual
        Undepreciated overnight cost after the horizon [B USD] by asset class (site; fabs
        scalar): straight line over each asset's life.
    costs
        Cost terms [B USD, undiscounted] with their natural dims (all with ``year``).
    """

    fleet_m: Linear
    alive_m: Linear
    made_m: Linear
    ai_it_gw: Linear
    compute_mh100e: Linear
    it_gw: Linear
    facility_gw: Linear
    energy_twh: Linear
    datacenter_gw: Linear
    power_gw: Linear
    fabs_in_service: Linear | None
    fab_wafers_m: Linear | None
    generation_twh: Linear
    grid_import_twh: Linear
    load_twh: Linear
    clean_twh: Linear
    supplied_twh: Linear
    wafers_m: Linear
    cowos_m: Linear
    hbm_need_m: Linear
    cowos_by_group: Linear
    emissions_mt: Linear
    land_km2: Linear
    grid_connection_gw: Linear
    gas_turbines_gw: Linear
    transformers_gw: Linear
    water_site_consumption_gl: Linear
    water_site_withdrawal_gl: Linear
    water_consumption_gl: Linear
    water_withdrawal_gl: Linear
    capex_cash: dict[str, Linear]
    residual: dict[str, Linear]
    costs: dict[str, Linear]


def _load(inp: PlanInputs) -> Linear:
    """Facility load of each slice [TWh/yr]: the year's energy (IT power x PUE x load
    factor x 8760 h) at an even rate, less the AI work that may move, plus the flexible
    load placed in the slice (:mod:`.families.flexibility` keeps its windows whole)."""
    dc, sl = inp.datacenters, inp.slices
    per_twh = dc.pue * dc.load_factor * units.twh_per_gw_year()
    even = xr.ones_like(sl.share) if sl.sliced else _ONE
    parts = [Part("it_power", per_twh * (1.0 - sl.flexible_share) * even)]
    if sl.flexible_share > 0:
        parts.append(Part("flexible_load", _ONE))
    conventional = dc.conventional_it_gw * per_twh * even
    return Linear("load_twh", "TWh/yr", ("site", "year", *sl.dims), tuple(parts), conventional)


def build_quantities(inp: PlanInputs) -> Quantities:
    s, acc, dc, pw, sup, pol, dem, sl = (
        inp.sites,
        inp.accelerators,
        inp.datacenters,
        inp.power,
        inp.supply,
        inp.policy,
        inp.demand,
        inp.slices,
    )
    twh_per_gw = units.twh_per_gw_year()
    fleet = qf.fleet(inp)
    ai_it = fleet.scaled(acc.it_gw_per_m, "ai_it_gw", "GW").onto(("site", "year"))
    compute = fleet.scaled(acc.h100e, "compute_mh100e", "M h100e").onto(("site", "year", "tenant"))
    it_gw = Linear(
        "it_gw",
        "GW",
        ("site", "year"),
        (Part("it_power", xr.DataArray(1.0)),),
        dc.conventional_it_gw,
    )
    facility = it_gw.scaled(dc.pue, "facility_gw")
    energy = it_gw.scaled(dc.pue * dc.load_factor * twh_per_gw, "energy_twh", "TWh")
    dc_gw = Linear(
        "datacenter_gw",
        "GW IT",
        ("site", "year"),
        (Part("datacenter_built", dc.in_service),),
        dc.existing_gw,
    )
    pw_gw = Linear(
        "power_gw",
        "GW",
        ("site", "tech", "year"),
        (Part("power_built", pw.in_service),),
        pw.existing_gw,
    )
    fabs = fab_wafers = None
    if sup.fabs.allowed:
        fabs = Linear(
            "fabs_in_service",
            "fabs",
            ("fab", "year"),
            (Part("fabs_built", sup.fabs.in_service),),
        )
        fab_wafers = fabs.scaled(sup.fabs.wafers_m * sup.fabs.pool, "fab_wafers_m", "M").onto(
            ("pool", "year")
        )
    # the slices' rates [TWh/yr] x their shares of the year (yearly: the year's TWh, x 1)
    generation = Linear(
        "generation_twh", "TWh", ("site", "tech", "year"), (Part("generation", sl.share),)
    )
    grid = Linear("grid_import_twh", "TWh", ("site", "year"), (Part("grid_import", sl.share),))
    site_year = ("site", "year")
    # the grid's hourly carbon and price as the dispatch sees them (yearly: factors of 1)
    grid_carbon = sl.share * sl.carbon_factor * s.grid_carbon_mt_per_twh
    grid_price = sl.share * sl.price_factor * s.grid_price_busd_per_twh
    emissions = generation.scaled(pw.emissions_mt_per_twh, "emissions_mt", "Mt CO2e").onto(
        site_year
    ) + Linear("grid_emissions", "Mt CO2e", site_year, (Part("grid_import", grid_carbon),))
    clean = generation.scaled(pw.clean, "clean_twh").onto(("year",)) + grid.scaled(
        s.grid_clean_share
    )
    supplied = generation.onto(("year",), "supplied_twh") + grid
    land = dc_gw.scaled(dc.pue * dc.km2_per_gw, "land_km2", "km2") + pw_gw.scaled(
        pw.land_km2_per_gw
    )
    pwq = power_water(inp, it_gw, generation, grid, qf.residual_share)
    eye = qf.entry_year(inp)
    capex_cash = {
        "accelerators": Linear(
            "capex_accelerators",
            "B USD",
            ("site", "year"),
            (Part("accelerators_built", acc.price_busd_per_m * eye),),
        ),
        "datacenters": Linear(
            "capex_datacenters",
            "B USD",
            ("site", "year"),
            (Part("datacenter_built", dc.capex_busd_per_gw * dc.cash),),
        ),
        "power": Linear(
            "capex_power",
            "B USD",
            ("site", "year"),
            (Part("power_built", pw.capex_busd_per_gw * pw.cash), pwq.capex_connection),
        ),
    }
    residual = {
        "accelerators": Linear(
            "residual_accelerators",
            "B USD",
            ("site",),
            (
                Part(
                    "accelerators_built",
                    acc.price_busd_per_m * qf.residual_share(inp, acc.lifetime_years),
                ),
            ),
        ),
        "datacenters": Linear(
            "residual_datacenters",
            "B USD",
            ("site",),
            (
                Part(
                    "datacenter_built",
                    dc.capex_busd_per_gw * qf.residual_share(inp, dc.lifetime_years),
                ),
            ),
        ),
        "power": Linear(
            "residual_power",
            "B USD",
            ("site",),
            (
                Part(
                    "power_built", pw.capex_busd_per_gw * qf.residual_share(inp, pw.lifetime_years)
                ),
                pwq.residual_connection,
            ),
        ),
    }
    costs = {
        "accelerators": Linear(
            "accelerators",
            "B USD",
            ("site", "year", "tenant"),
            (Part("accelerators_built", acc.crf * acc.price_busd_per_m * acc.in_service),),
        ),
        "datacenters_annuity": Linear(
            "datacenters_annuity",
            "B USD",
            ("site", "year"),
            (Part("datacenter_built", dc.crf * dc.capex_busd_per_gw * dc.in_service),),
        ),
        "datacenters_fixed_om": dc_gw.scaled(
            dc.fixed_om_busd_per_gw, "datacenters_fixed_om", "B USD"
        ),
        "power_annuity": Linear(
            "power_annuity",
            "B USD",
            ("site", "year"),
            (Part("power_built", pw.crf * pw.capex_busd_per_gw * pw.in_service),),
        ),
        "power_fixed_om": Linear(
            "power_fixed_om", "B USD", ("site", "year"), pw_gw.parts, pw_gw.const
        ).scaled(pw.fixed_om_busd_per_gw, "power_fixed_om", "B USD"),
        "power_variable": generation.scaled(
            pw.variable_busd_per_twh, "power_variable", "B USD"
        ).onto(("site", "year")),
        "grid_energy": Linear(
            "grid_energy", "B USD", ("site", "year"), (Part("grid_import", grid_price),)
        ),
        "carbon": emissions.scaled(pol.carbon_price_busd_per_mt, "carbon", "B USD"),
        **pwq.costs,
    }
    if fabs is not None:
        f = sup.fabs
        capex_cash["fabs"] = Linear(
            "capex_fabs", "B USD", ("year",), (Part("fabs_built", f.capex_busd * f.cash),)
        )
        residual["fabs"] = Linear(
            "residual_fabs",
            "B USD",
            (),
            (Part("fabs_built", f.capex_busd * qf.residual_share(inp, f.lifetime_years)),),
        )
        costs["fabs_annuity"] = Linear(
            "fabs_annuity",
            "B USD",
            ("year",),
            (Part("fabs_built", f.crf * f.capex_busd * f.in_service),),
        )
        costs["fabs_fixed_om"] = fabs.scaled(f.fixed_om_busd, "fabs_fixed_om", "B USD").onto(
            ("year",)
        )
    if dem.world:
        costs["unserved"] = Linear(
            "unserved",
            "B USD",
            ("tenant", "year"),
            (Part("unserved", dem.tenant_penalty_busd_per_mh100e),),
        )
    if len(dem.regions):
        costs["unserved_region"] = Linear(
            "unserved_region",
            "B USD",
            ("region", "year"),
            (Part("unserved_region", xr.DataArray(dem.region_penalty_busd_per_mh100e)),),
        )
    pools = sup.pools
    cowos_total = pools.cowos_per_acc.sum("pool")
    return Quantities(
        fleet_m=fleet,
        alive_m=qf.alive(inp),
        made_m=qf.made(inp, xr.DataArray(1.0), "made_m", ("gen", "year")),
        ai_it_gw=ai_it,
        compute_mh100e=compute,
        it_gw=it_gw,
        facility_gw=facility,
        energy_twh=energy,
        datacenter_gw=dc_gw,
        power_gw=pw_gw,
        fabs_in_service=fabs,
        fab_wafers_m=fab_wafers,
        generation_twh=generation,
        grid_import_twh=grid,
        load_twh=_load(inp),
        clean_twh=clean,
        supplied_twh=supplied,
        wafers_m=qf.made(inp, pools.wafers_per_acc, "wafers_m", ("pool", "year")),
        cowos_m=qf.made(inp, pools.cowos_per_acc, "cowos_m", ("pool", "year")),
        hbm_need_m=qf.made(
            inp, pools.hbm_per_acc * pools.gen_user, "hbm_need_m", ("hbm_user", "year")
        ),
        cowos_by_group=qf.made(
            inp, sup.booking_member * cowos_total, "cowos_by_group", ("group", "year")
        ),
        emissions_mt=emissions,
        land_km2=land,
        grid_connection_gw=pwq.grid_connection_gw,
        gas_turbines_gw=pwq.gas_turbines_gw,
        transformers_gw=pwq.transformers_gw,
        water_site_consumption_gl=pwq.water_site_consumption_gl,
        water_site_withdrawal_gl=pwq.water_site_withdrawal_gl,
        water_consumption_gl=pwq.water_consumption_gl,
        water_withdrawal_gl=pwq.water_withdrawal_gl,
        capex_cash=capex_cash,
        residual=residual,
        costs=costs,
    )
