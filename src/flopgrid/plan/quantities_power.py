"""The power and water side of the plan's quantities: grid connections, gas turbines and
transformers built, fuel, and water, each defined once as a Linear (read by
:mod:`.quantities`, which holds every quantity of the plan).

Units: GW, TWh, GL (TWh x L/kWh = GL), B USD.
"""

from __future__ import annotations

from dataclasses import dataclass

import xarray as xr

from .. import units
from ..modelling import Linear, Part
from .inputs import PlanInputs


@dataclass(frozen=True)
class PowerWater:
    """See :class:`.quantities.Quantities` for each field."""

    grid_connection_gw: Linear
    gas_turbines_gw: Linear
    transformers_gw: Linear
    water_site_consumption_gl: Linear
    water_site_withdrawal_gl: Linear
    water_consumption_gl: Linear
    water_withdrawal_gl: Linear
    capex_connection: Part
    residual_connection: Part
    costs: dict[str, Linear]


def _entering(inp: PlanInputs) -> xr.DataArray:
    h = inp.horizon
    v = xr.DataArray(h.years.values, dims="vintage", coords={"vintage": h.vintages})
    y = xr.DataArray(h.years.values, dims="year", coords={"year": h.years})
    return (v == y).astype(float)


def power_water(
    inp: PlanInputs,
    it_gw: Linear,
    generation: Linear,
    grid: Linear,
    residual_share,
) -> PowerWater:
    """The quantities of this module from the plan's IT power, generation and grid import."""
    g, pw, w, dc = inp.grid, inp.power, inp.water, inp.datacenters
    eye = _entering(inp)
    connection = Linear(
        "grid_connection_gw",
        "GW",
        ("site", "year"),
        (Part("grid_connection_built", g.in_service),),
        g.existing_gw.broadcast_like(inp.horizon.discount),
    )
    turbines = Linear(
        "gas_turbines_gw",
        "GW",
        ("year",),
        (Part("power_built", pw.gas_turbine_gw_per_gw * eye),),
    )
    transformers = Linear(
        "transformers_gw",
        "GW",
        ("year",),
        (
            Part("power_built", pw.generates.astype(float) * eye),
            Part("grid_connection_built", eye),
        ),
    )
    it_twh = it_gw.scaled(dc.load_factor * units.twh_per_gw_year(), "it_energy_twh", "TWh")
    site_year = ("site", "year")
    site_c = it_twh.scaled(w.cooling_consumption_gl_per_twh_it, "water_site_consumption_gl", "GL")
    site_c = site_c + generation.scaled(w.tech_consumption_gl_per_twh).onto(site_year)
    site_w = it_twh.scaled(w.cooling_withdrawal_gl_per_twh_it, "water_site_withdrawal_gl", "GL")
    site_w = site_w + generation.scaled(w.tech_withdrawal_gl_per_twh).onto(site_year)
    costs = {
        "fuel": generation.scaled(pw.fuel_busd_per_twh, "fuel", "B USD").onto(site_year),
        "grid_connection_annuity": Linear(
            "grid_connection_annuity",
            "B USD",
            site_year,
            (Part("grid_connection_built", g.crf * g.capex_busd_per_gw * g.in_service),),
        ),
        "grid_connection_fixed_om": connection.scaled(
            g.fixed_om_busd_per_gw, "grid_connection_fixed_om", "B USD"
        ),
    }
    return PowerWater(
        grid_connection_gw=connection,
        gas_turbines_gw=turbines,
        transformers_gw=transformers,
        water_site_consumption_gl=site_c,
        water_site_withdrawal_gl=site_w,
        water_consumption_gl=Linear(
            "water_consumption_gl", "GL", site_year, site_c.parts, site_c.const
        )
        + grid.scaled(w.grid_consumption_gl_per_twh),
        water_withdrawal_gl=Linear(
            "water_withdrawal_gl", "GL", site_year, site_w.parts, site_w.const
        )
        + grid.scaled(w.grid_withdrawal_gl_per_twh),
        capex_connection=Part("grid_connection_built", g.capex_busd_per_gw * g.cash),
        residual_connection=Part(
            "grid_connection_built", g.capex_busd_per_gw * residual_share(inp, g.lifetime_years)
        ),
        costs=costs,
    )
