"""Synthetic but realistic planning scenarios of any size, for the benchmarks.

A synthetic scenario extends the packaged dataset (``default``): the same countries,
power technologies, data-center designs, supply chain and policy, with

- ``n_sites`` sites spread over the dataset's countries (grid import at most sites, a
  few buildable power technologies each, build limits on some, land limits on some,
  a few with an existing fleet);
- ``n_years`` model years from 2026;
- ``n_gens`` accelerator generations: the packaged generations, then further "waves"
  of them, each wave later, faster, more efficient and a little dearer than the one
  before (perturbed per generation), each sold for a window of years;
- world and regional compute demand, wafer, CoWoS and HBM supply and the capex budget
  scaled with the number of sites, a rising carbon price, a clean-energy floor and
  export caps on a few countries, so that every constraint family has rows.

Everything is drawn from ``numpy.random.default_rng(seed)``: the same arguments give
the same scenario, byte for byte.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np

from flopgrid import yields
from flopgrid.scenario.load import load_raw, merge
from flopgrid.scenario.schema import Scenario

START_YEAR = 2026

#: power technologies a site may build (the grid is the connection, not a build)
BUILD_TECHS = (
    "gas_ccgt",
    "gas_turbine",
    "onshore_wind",
    "offshore_wind",
    "solar_pv",
    "battery",
    "nuclear_new",
    "nuclear_restart",
)
#: countries that get an export cap on us-advanced accelerators (tier 2 in the dataset)
CAPPED_COUNTRIES = ("AE", "SA", "IN", "MY")
#: the order countries get sites in: the capped ones, China (tier 3: no us-advanced parts),
#: then the largest AI-compute markets; then the rest of the dataset, alphabetically.
COUNTRY_ORDER = ("US", "AE", "DE", "JP", "CN", "IN", "GB", "SA", "KR", "MY", "CA", "NO")
#: demand regions: sites in these IEA regions carry the region name
DEMAND_REGIONS = {"Europe": "EU", "Asia-Pacific excl. China": "APAC"}


@dataclass(frozen=True)
class Size:
    """One benchmark size: a label and the scenario's dimensions."""

    label: str
    n_sites: int
    n_years: int
    n_gens: int
    n_countries: int = 6

    def describe(self) -> str:
        return (
            f"{self.n_sites} sites x {self.n_years} years x {self.n_gens} gens, "
            f"{self.n_countries} countries"
        )


#: the benchmark ladder, ~10k to >1M variables (nvars is measured, never assumed)
SIZES = {
    s.label: s
    for s in (
        Size("10k", 28, 8, 77),
        Size("30k", 45, 9, 132),
        Size("100k", 95, 10, 231),
        Size("300k", 165, 11, 396),
        Size("1M", 330, 12, 660),
    )
}


#: the synthetic fleet uses the single-pool shorthand: each generation's packages per wafer
#: (from the packaged die areas and yield model) and h100e (BF16) are typed in
_CHIP_FIELDS = (
    "sources",
    "confidence",
    "tflops",
    "tdp_w",
    "node",
    "die_area_mm2",
    "compute_dies",
    "packaging",
    "hbm_generation",
    "family",
)
#: early retirement adds variables the Pyomo twin does not have: off unless
#: FLOPGRID_BENCH_EARLY_RETIREMENT=1 (for measuring the model's size with it, --no-pyomo)
EARLY_RETIREMENT = os.environ.get("FLOPGRID_BENCH_EARLY_RETIREMENT", "0") == "1"


def _h100e(b: dict) -> float:
    return float(b["h100e"]) if "h100e" in b else float(b["tflops"]["bf16"]) / 989.0


def _per_wafer(b: dict) -> float:
    """Packages per wafer: given, or the packaged die area at D0 0.08 through the yield
    model, over the dies per package."""
    if "good_dies_per_wafer" in b:
        return float(b["good_dies_per_wafer"])
    return float(yields.good_dies_per_wafer(b["die_area_mm2"], 0.08)) / b.get("compute_dies", 1)


def _accelerators(base: dict, n_gens: int, n_years: int, rng: np.random.Generator) -> dict:
    """``n_gens`` generations: the packaged ones, then later waves of them."""
    names = sorted(base, key=lambda n: (base[n]["available_from"], n))
    n_waves = math.ceil(n_gens / len(names))
    step = n_years / n_waves  # years between waves (several waves a year when many)
    end = START_YEAR + n_years - 1
    out = {}
    for i in range(n_gens):
        wave, name = divmod(i, len(names))
        b = base[names[name]]
        g = {k: v for k, v in b.items() if k not in _CHIP_FIELDS}
        shift = round(wave * step + rng.uniform(0, 0.99 * step)) if wave else 0
        jitter = np.exp(rng.normal(0.0, 0.04, size=6))
        frm = max(b["available_from"], START_YEAR - 2) + shift
        g["available_from"] = int(min(frm, end))
        last_wave = wave == n_waves - 1
        if last_wave:
            g["available_until"] = None  # the newest parts stay on sale
        else:
            g["available_until"] = int(g["available_from"] + rng.integers(4, 8))
        dt = shift
        g["h100e"] = float(_h100e(b) * 1.28**dt * jitter[0])
        g["it_kw"] = float(b["it_kw"] * 1.07**dt * jitter[1])
        g["price_usd"] = float(b["price_usd"] * 1.05**dt * jitter[2])
        g["good_dies_per_wafer"] = float(max(4.0, _per_wafer(b) * 0.97**dt * jitter[3]))
        if b.get("per_cowos_wafer"):
            g["per_cowos_wafer"] = float(max(4.0, b["per_cowos_wafer"] * 0.97**dt * jitter[4]))
        g["hbm_stacks"] = float(b.get("hbm_stacks", 0.0) * 1.03**dt * jitter[5])
        g["lifetime_years"] = int(b["lifetime_years"] + (rng.integers(-1, 2) if wave else 0))
        g["projection"] = bool(wave > 0 or b.get("projection", False))
        g["early_retirement"] = EARLY_RETIREMENT
        out[names[name] if wave == 0 else f"{names[name]}-w{wave}"] = g
    return out


def _sites(
    countries: dict, n_sites: int, n_countries: int, rng: np.random.Generator
) -> tuple[dict, list]:
    """Sites round-robin over the first ``n_countries`` of :data:`COUNTRY_ORDER`."""
    isos = [c for c in COUNTRY_ORDER if c in countries]
    isos += sorted(c for c in countries if c not in isos)
    order = isos[: max(1, n_countries)]
    sites = {}
    existing_sites = []
    for i in range(n_sites):
        iso = order[i % len(order)]
        c = countries[iso]
        site: dict = {
            "country": iso,
            "max_facility_gw": round(float(rng.uniform(0.4, 4.0)), 3),
            "lat": round(float(np.clip(c["lat"] + rng.normal(0, 1.5), -89, 89)), 4),
            "lon": round(float(np.clip(c["lon"] + rng.normal(0, 1.5), -179, 179)), 4),
        }
        region = DEMAND_REGIONS.get(c.get("iea_region", ""))
        if region is not None:
            site["region"] = region
        on_grid = rng.random() < 0.85
        site["grid_import_gw"] = (
            round(float(site["max_facility_gw"] * rng.uniform(0.2, 1.2)), 3) if on_grid else 0.0
        )
        n_build = int(rng.integers(3, 6))
        build = list(rng.choice(BUILD_TECHS, size=n_build, replace=False))
        if not on_grid and not any(t in build for t in ("gas_turbine", "gas_ccgt")):
            build.append("gas_turbine")  # an off-grid site needs firm power of its own
        site["build"] = sorted(str(t) for t in build)
        limits = {}
        for t in site["build"]:
            if t.startswith("nuclear") or t == "offshore_wind" or rng.random() < 0.3:
                limits[t] = round(float(rng.uniform(0.3, 3.0)), 3)
        if limits:
            site["build_limits_gw"] = limits
        if rng.random() < 0.4:
            site["land_km2"] = round(float(rng.uniform(5.0, 150.0)), 2)
        if rng.random() < 0.2:
            site["grid_price_usd_per_mwh"] = round(
                float(c["industrial_price_usd_per_mwh"] * rng.uniform(0.7, 1.3)), 2
            )
        if rng.random() < 0.25:
            site["datacenter"] = {"design": "air-cooled"}
        elif rng.random() < 0.3:
            site["datacenter"] = {"lead_years": 1}
        sites[f"s{i:05d}-{iso.lower()}"] = site
        if on_grid and rng.random() < 0.1 and iso not in CAPPED_COUNTRIES:
            existing_sites.append(f"s{i:05d}-{iso.lower()}")
    return sites, existing_sites


#: the single new-fab kind of the synthetic scenarios (the dataset's before issue 14)
NEW_FAB = {
    "capex_usd": 20e9,
    "wafers_per_year": 240_000,
    "lead_years": 3,
    "lifetime_years": 15,
    "fixed_om_usd_per_year": 1e9,
}


def _ramp(start: float, end: float, n_years: int, growth: float = 1.0) -> dict:
    """``{by_year}`` from ``start`` to ``end`` (geometric when growth > 1)."""
    years = range(START_YEAR, START_YEAR + n_years)
    if n_years == 1:
        return {START_YEAR: float(start)}
    t = np.linspace(0.0, 1.0, n_years)
    shape = (growth**t - 1) / (growth - 1) if growth != 1.0 else t
    return {int(y): float(start + (end - start) * s) for y, s in zip(years, shape, strict=True)}


def synthetic_dict(
    n_sites: int, n_years: int, n_gens: int, seed: int = 0, n_countries: int = 12
) -> dict:
    """The scenario as a raw dict (the packaged dataset merged with the synthetic parts)."""
    if n_years < 1 or n_years > 61 or n_sites < 1 or n_gens < 1:
        raise ValueError("need n_sites >= 1, 1 <= n_years <= 61, n_gens >= 1")
    base, _ = load_raw("default")
    rng = np.random.default_rng(seed)
    accelerators = _accelerators(base["accelerators"], n_gens, n_years, rng)
    sites, existing = _sites(base["countries"], n_sites, n_countries, rng)
    # an existing fleet of the oldest generation at a few on-grid sites; the data centre
    # it sits in is built in the first year (lead 0) and its load is a fraction of the
    # grid connection, so the first year is feasible.
    oldest = min(accelerators, key=lambda n: accelerators[n]["available_from"])
    for name in existing:
        site = sites[name]
        gw = 0.3 * site["grid_import_gw"] / 1.2 / 1.15
        count = gw * 1e6 / accelerators[oldest]["it_kw"]
        site["existing"] = {"year": START_YEAR - 1, "accelerators": {oldest: round(count, 0)}}
        site["datacenter"] = {"lead_years": 0}
    scale = n_sites / 20.0  # the packaged supply serves ~20 multi-GW campuses
    end = START_YEAR + n_years - 1
    # demand: ~0.4 M h100e per site now, growing ~8x over the horizon (unserved if short)
    demand = _ramp(0.4e6 * n_sites, 3.2e6 * n_sites, n_years, growth=8.0)
    regions = {
        region: {"by_year": {y: 0.25 * v for y, v in demand.items()}}
        for region in sorted(set(DEMAND_REGIONS.values()))
    }
    caps = {
        iso: {"by_year": _ramp(0.15e6 * scale, 1.5e6 * scale, n_years), "classes": ["us-advanced"]}
        for iso in CAPPED_COUNTRIES
    }
    over = {
        "name": f"synthetic-{n_sites}s-{n_years}y-{n_gens}g-seed{seed}",
        "title": f"Synthetic benchmark: {n_sites} sites, {n_years} years, {n_gens} generations",
        "years": {"start": START_YEAR, "end": end},
        "demand": {"unit": "h100e", "by_year": demand, "regions": regions},
        "accelerators": None,  # replaced below (a mapping would merge key by key)
        "sites": sites,
        "supply": None,  # replaced below: the single-pool shorthand, not the dataset's pools
        "policy": None,
    }
    data = merge(base, over)
    data["accelerators"] = accelerators
    data["supply"] = {
        "wafers_per_year": {"by_year": _ramp(0.8e6 * scale, 2.5e6 * scale, n_years)},
        "cowos_wafers_per_year": {"by_year": _ramp(1.2e6 * scale, 3.5e6 * scale, n_years)},
        "hbm_stacks_per_year": {"by_year": _ramp(110e6 * scale, 320e6 * scale, n_years)},
        "max_new_fabs_per_year": max(1.0, round(0.4 * scale, 2)),
        "new_fab": NEW_FAB,
    }
    data["policy"] = {
        "forbidden": {"tier3": ["us-advanced"]},
        "budget_usd_per_year": {"by_year": _ramp(45e9 * n_sites, 90e9 * n_sites, n_years)},
        "carbon_price_usd_per_t": {"by_year": _ramp(0.0, 120.0, n_years)},
        "min_clean_share": {"by_year": _ramp(0.0, 0.5, n_years)},
        "export_caps": caps,
        "reserve_margin": base["policy"]["reserve_margin"],
    }
    return data


def synthetic_scenario(
    n_sites: int, n_years: int, n_gens: int, seed: int = 0, n_countries: int = 12
) -> Scenario:
    """A validated synthetic :class:`Scenario`."""
    return Scenario.model_validate(synthetic_dict(n_sites, n_years, n_gens, seed, n_countries))


def scenario_for(size: Size | str, seed: int = 0) -> Scenario:
    """The scenario of a benchmark size (a :class:`Size` or a label of :data:`SIZES`)."""
    s = SIZES[size] if isinstance(size, str) else size
    return synthetic_scenario(s.n_sites, s.n_years, s.n_gens, seed, s.n_countries)
