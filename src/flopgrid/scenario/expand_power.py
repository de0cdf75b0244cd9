"""Read a Scenario's power and water side as values per site, technology and year.

A site's costs are its technology's paths x its country's cost-region factors; its gas price,
interconnection lead time, grid water and water stress are its own, else its country's.
Pure functions, the one place where these defaults are applied (plan and dispatch read them).
"""

from __future__ import annotations

import numpy as np

from .expand import _site_or_country, datacenter_design, trajectory
from .schema import Scenario

#: PowerTech path field -> CostFactors field
COST_FACTOR = {
    "capex_usd_per_kw": "capex",
    "capex_usd_per_kwh": "capex_kwh",
    "fixed_om_usd_per_kw_year": "fixed_om",
    "variable_usd_per_mwh": "variable",
}


def cost_region(scn: Scenario, name: str) -> str | None:
    """The cost region of a site: its country's ``cost_region`` (None: reference costs)."""
    country = scn.countries.get(scn.sites[name].country)
    return None if country is None else country.cost_region


def tech_cost(scn: Scenario, name: str, tech: str, field: str, years) -> np.ndarray:
    """A technology's cost ``field`` at a site, per year of ``years``: the technology's path
    x the factor of the site's cost region (1 where the region has none) [the field's unit]."""
    spec = scn.power[tech]
    value = trajectory(getattr(spec, field), years)
    factors = spec.cost_factors.get(cost_region(scn, name) or "")
    if factors is not None and field in COST_FACTOR:
        value = value * trajectory(getattr(factors, COST_FACTOR[field]), years)
    return value


def gas_price(scn: Scenario, name: str, years) -> np.ndarray:
    """Gas price at a site per year [USD/MMBtu]: its own, else its country's path (NaN when
    neither is known)."""
    value = _site_or_country(scn, name, "gas_price_usd_per_mmbtu", "gas_price_usd_per_mmbtu")
    return trajectory(value, years)


def fuel_usd_per_mwh(scn: Scenario, name: str, tech: str, years) -> np.ndarray:
    """Fuel cost of ``tech`` at a site per year [USD/MWh]: heat rate x gas price (0 without a
    fuel). NaN when the site's gas price is unknown."""
    spec = scn.power[tech]
    if spec.fuel is None:
        return np.zeros(len(years))
    return trajectory(spec.heat_rate_mmbtu_per_mwh, years) * gas_price(scn, name, years)


def interconnection_lead_years(scn: Scenario, name: str) -> float:
    """Years from the horizon's start before a new grid connection at a site serves: the
    site's own, else its country's, else the grid technology's ``lead_years``."""
    value = _site_or_country(scn, name, "interconnection_lead_years", "interconnection_lead_years")
    if value is not None:
        return float(value)
    grid = next(p for p in scn.power.values() if p.kind == "grid")
    return float(grid.lead_years)


def water_stress(scn: Scenario, name: str) -> float | None:
    """WRI Aqueduct baseline water stress at a site, 0-5 (None: unknown, not zero)."""
    return _site_or_country(scn, name, "water_stress_score", "water_stress_score")


def grid_water_l_per_kwh(scn: Scenario, name: str) -> tuple[float, float]:
    """(consumption, withdrawal) per kWh of grid energy at a site [L/kWh]: its country's, 0
    where unknown."""
    country = scn.countries.get(scn.sites[name].country)
    if country is None:
        return 0.0, 0.0
    return (
        country.grid_water_consumption_l_per_kwh or 0.0,
        country.grid_water_withdrawal_l_per_kwh or 0.0,
    )


def cooling_water_l_per_kwh_it(scn: Scenario, name: str) -> tuple[float, float]:
    """(consumption, withdrawal) of a site's cooling per kWh of IT energy [L/kWh]: its data-
    center design's cooling design (0 without one)."""
    cooling = datacenter_design(scn, scn.sites[name]).cooling
    if cooling is None:
        return 0.0, 0.0
    c = scn.cooling_designs[cooling]
    return c.water_consumption_l_per_kwh_it, c.water_withdrawal_l_per_kwh_it


def datacenter_capex_factor(scn: Scenario, name: str) -> float:
    """A site's data-center capex relative to its design's: its country's construction cost
    over the design's reference country's (``dc_cost_usd_per_w``; 1 where either is unknown)."""
    ref = datacenter_design(scn, scn.sites[name]).capex_reference_country
    here = scn.countries.get(scn.sites[name].country)
    there = scn.countries.get(ref) if ref is not None else None
    if here is None or there is None or not here.dc_cost_usd_per_w or not there.dc_cost_usd_per_w:
        return 1.0
    return here.dc_cost_usd_per_w / there.dc_cost_usd_per_w
