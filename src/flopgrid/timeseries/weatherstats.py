"""How variable the weather profiles are, and the sourced ranges they are checked against.

``python -m flopgrid.timeseries.weatherstats`` prints, for Amarillo TX, Abu Dhabi,
Frankfurt and a North Sea offshore site, the annual capacity factor, the day-to-day
variability of daily solar energy, the share of hours with wind under 5% and the
longest lull, each next to its reference, and the time tsam takes to pick 12
representative days for 5 and 11 sites (``docs/weather.md`` records a run).

References come from measured typical years that ship offline (:mod:`.typical`): each
station's own weather put through the same solar and wind chain and scaled to the same
annual capacity factor, so the statistics compare like with like.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from .solar import solar_profile
from .typical import Station, station_weather, stations
from .wind import (
    OFFSHORE_TURBINE,
    ONSHORE_TURBINE,
    calibrate,
    cf_from_speed,
    hub_speed,
    site_seed,
    wind_profile,
)

TIMES = pd.date_range("2030-01-01", periods=8760, freq="h", tz="UTC")
#: a station whose 10 m speeds have a Weibull shape below this is sheltered (valley,
#: town) and unlike a wind farm site: Kassel, Muehldorf and Garmisch measure 0.9-1.2
EXPOSED_MIN_K = 1.4


def daily_energy(cf: np.ndarray, lon: float) -> np.ndarray:
    """Energy of each local solar day [capacity-hours]."""
    return np.roll(np.asarray(cf), round(lon / 15.0)).reshape(-1, 24).sum(axis=1)


def day_to_day_cov(cf: np.ndarray, lon: float) -> float:
    """Day-to-day coefficient of variation [1] of daily solar energy.

    Standard deviation of each day's energy relative to the 31-day centred mean around
    it, so the seasonal cycle does not count as variability. Clear sky alone gives
    about 0.005.
    """
    daily = daily_energy(cf, lon)
    padded = np.concatenate([daily[-15:], daily, daily[:15]])
    running = pd.Series(padded).rolling(31, center=True).mean().to_numpy()[15:-15]
    return float(np.std(daily / running - 1.0))


def share_below(cf: np.ndarray, threshold: float = 0.05) -> float:
    """Share of hours [1] with a capacity factor below ``threshold``."""
    return float((np.asarray(cf) < threshold).mean())


def longest_run(cf: np.ndarray, threshold: float = 0.10) -> int:
    """Longest run of consecutive hours [h] with a capacity factor below ``threshold``."""
    below = np.concatenate([[0], (np.asarray(cf) < threshold).astype(int), [0]])
    edges = np.flatnonzero(np.diff(below))
    return int((edges[1::2] - edges[::2]).max()) if len(edges) else 0


def weibull_k(speed: np.ndarray | pd.Series) -> float:
    """Weibull shape from the coefficient of variation (Justus et al. 1978 approximation)."""
    return float((np.std(speed) / np.mean(speed)) ** -1.086)


def exposed_stations() -> list[Station]:
    return [s for s in stations() if weibull_k(station_weather(s)["wind_speed"]) >= EXPOSED_MIN_K]


def station_wind_cf(station: Station, annual_cf: float, offshore: bool = False) -> np.ndarray:
    """A station's measured wind, at hub height, through the power curve, at ``annual_cf``."""
    turbine = OFFSHORE_TURBINE if offshore else ONSHORE_TURBINE
    speed = hub_speed(station_weather(station)["wind_speed"].to_numpy())
    return cf_from_speed(speed * calibrate(speed, annual_cf, turbine), turbine)


@dataclass(frozen=True)
class Range:
    low: float
    high: float
    source: str

    def __contains__(self, value: float) -> bool:
        return self.low <= value <= self.high

    def __str__(self) -> str:
        return f"{self.low:.3g}-{self.high:.3g}"


@cache
def wind_references(annual_cf: float, offshore: bool = False) -> tuple[Range, Range]:
    """Ranges of the share of hours under 5% and of the longest lull under 10% [h] over
    the exposed shipped typical years, each scaled to ``annual_cf``."""
    shares, lulls = [], []
    for station in exposed_stations():
        cf = station_wind_cf(station, annual_cf, offshore)
        shares.append(share_below(cf, 0.05))
        lulls.append(longest_run(cf, 0.10))
    source = (
        f"{len(shares)} exposed typical-year stations (DWD TRY2010, NREL TMY) at CF {annual_cf:.3f}"
    )
    return Range(min(shares), max(shares), source), Range(min(lulls), max(lulls), source)


@cache
def solar_reference(region: str) -> Range:
    """Range of the day-to-day CoV of daily PV energy measured in typical years.

    ``europe``: the 15 DWD TRY2010 stations. ``sunny``: from 10x the clear-sky-only
    value (0.005) up to the least variable shipped US station (Miami TMY2 or
    Greensboro TMY3, humid subtropical): a semi-arid or desert site is at most as
    cloudy from day to day as they are.
    """
    if region == "europe":
        chosen = [s for s in stations() if s.source == "dwd-try2010"]
    else:
        chosen = [s for s in stations() if s.name.startswith(("Miami", "Greensboro"))]
    covs = [
        day_to_day_cov(solar_profile(s.lat, s.lon, TIMES, 0.15, seed=0).cf, s.lon) for s in chosen
    ]
    if region == "europe":
        return Range(min(covs), max(covs), f"{len(covs)} DWD TRY2010 stations")
    return Range(0.05, max(covs), "clear-sky x 10 .. Miami/Greensboro typical years")


#: the four sites of issue 16 (name, lat, lon, country, offshore)
SITES = (
    ("Amarillo TX", 35.22, -101.83, "US", False, "sunny"),
    ("Abu Dhabi", 24.38, 54.41, "AE", False, "sunny"),
    ("Frankfurt", 50.11, 8.68, "DE", False, "europe"),
    ("North Sea offshore", 54.01, 6.59, "DE", True, "europe"),
)


def main() -> None:  # pragma: no cover - prints the table of docs/weather.md
    from .. import load_scenario
    from ..scenario.schema import Dispatch
    from .aggregate import representative_periods
    from .profiles import build_profiles

    scn = load_scenario("world-baseline")
    countries = scn.countries
    print("| site | series | label | annual CF (target) | statistic | value | reference |")
    print("|---|---|---|---|---|---|---|")
    for name, lat, lon, iso2, offshore, region in SITES:
        solar_target = countries[iso2].solar_cf
        wind_target = (
            scn.power["offshore_wind"].capacity_factor if offshore else countries[iso2].wind_cf
        )
        solar = solar_profile(lat, lon, TIMES, solar_target, site_seed(f"{name}/solar"))
        wind = wind_profile(lat, lon, TIMES, wind_target, site_seed(f"{name}/wind"), offshore)
        ref = solar_reference(region)
        share_ref, lull_ref = wind_references(wind_target, offshore)
        cov = day_to_day_cov(solar.cf, lon)
        print(
            f"| {name} | solar | {solar.label} | {solar.cf.mean():.4f} ({solar_target:.3f}) "
            f"| day-to-day CoV | {cov:.3f} | {ref} ({ref.source}) |"
        )
        share, lull = share_below(wind.cf), longest_run(wind.cf)
        print(
            f"| {name} | wind | {wind.label} | {wind.cf.mean():.4f} ({wind_target:.3f}) "
            f"| hours CF<5% | {share:.3f} | {share_ref} |"
        )
        print(
            f"| {name} | wind | {wind.label} | | longest lull CF<10% [h] | {lull} "
            f"| {lull_ref} ({lull_ref.source}) |"
        )
    for n_sites in (5, 11):
        big = load_scenario("global-36-fabs")
        sites = list(big.sites)[:n_sites]
        techs = [t for t in big.power if big.power[t].kind == "generator"]
        profiles = build_profiles(big, sites, techs, 2030, Dispatch())
        t0 = time.perf_counter()
        slices = representative_periods(profiles, 12)
        seconds = time.perf_counter() - t0
        print(
            f"representative_periods(12 days), {n_sites} sites, {slices.notes['series']} series: "
            f"{seconds:.2f} s, {slices.notes['periods']} periods, "
            f"rmse {slices.notes['accuracy']['rmse']:.3f}"
        )


if __name__ == "__main__":  # pragma: no cover
    main()
