"""Hourly wind capacity factors: wind speed through a real turbine power curve.

Wind speed comes from a typical-year weather file when the site is near one of the
stations pvlib ships (10 m speeds, raised to hub height with the 1/7 power law);
otherwise from a seeded stochastic model: a stationary AR(1) Gaussian process mapped
to a Weibull distribution (shape ``k``), so hours are autocorrelated like weather
and speeds have the distribution of a typical wind site. Either way the speeds are
then scaled by one factor so that the annual capacity factor through the power curve
matches the site's (the dataset's), which stands in for wake losses, availability
and the site's real wind resource.
"""

from __future__ import annotations

import math
import zlib
from functools import cache

import numpy as np
import pandas as pd

from .shipped import series_dir
from .solar import nearest_station, station_weather

ONSHORE_TURBINE = "V112/3450"
OFFSHORE_TURBINE = "V164/9500"
CUT_OUT_M_S = 25.0
HUB_HEIGHT_M = 100.0
MEASUREMENT_HEIGHT_M = 10.0
#: Weibull shape of hourly wind speeds (2 = Rayleigh, typical of inland sites)
WEIBULL_K = 2.0
#: lag-one autocorrelation of hourly speeds (weather systems last ~1-2 days)
AR1_PHI = 0.97


@cache
def power_curve(turbine: str = ONSHORE_TURBINE) -> tuple[np.ndarray, np.ndarray]:
    """Wind speeds [m/s] and normalised output [1] of a shipped turbine power curve."""
    df = pd.read_csv(series_dir() / "turbine_power_curves" / "power_curves.csv")
    column = f"{turbine} [W]"
    if column not in df:
        names = [c.removesuffix(" [W]") for c in df.columns[1:]]
        raise KeyError(f"no power curve for {turbine!r}; shipped: {', '.join(names)}")
    watts = df[column].to_numpy(float)
    return df["wind_speed [m/s]"].to_numpy(float), watts / watts.max()


def cf_from_speed(speed_m_s, turbine: str = ONSHORE_TURBINE) -> np.ndarray:
    """Capacity factor [1] of a turbine at hub-height wind speeds [m/s]."""
    v, p = power_curve(turbine)
    speed = np.asarray(speed_m_s, dtype=float)
    out = np.interp(speed, v, p, left=0.0, right=0.0)
    return np.where(speed > CUT_OUT_M_S, 0.0, out)


def hub_speed(speed_10m, hub_m: float = HUB_HEIGHT_M, alpha: float = 1 / 7) -> np.ndarray:
    """Raise 10 m wind speeds to hub height with the power law (exponent ``alpha``)."""
    return np.asarray(speed_10m, dtype=float) * (hub_m / MEASUREMENT_HEIGHT_M) ** alpha


def site_seed(name: str) -> int:
    """A stable seed for a site name (the same profile on every run and machine)."""
    return zlib.crc32(name.encode("utf-8"))


def ar1_weibull(
    hours: int, seed: int, k: float = WEIBULL_K, phi: float = AR1_PHI, scale: float = 1.0
) -> np.ndarray:
    """Autocorrelated Weibull(``k``, ``scale``) speeds [m/s], ``hours`` long."""
    rng = np.random.default_rng(seed)
    eps = rng.standard_normal(hours)
    z = np.empty(hours)
    z[0] = eps[0]
    innovation = math.sqrt(1.0 - phi * phi)
    for i in range(1, hours):
        z[i] = phi * z[i - 1] + innovation * eps[i]
    u = 0.5 * (1.0 + np.vectorize(math.erf)(z / math.sqrt(2.0)))
    u = np.clip(u, 1e-12, 1 - 1e-12)
    return scale * (-np.log1p(-u)) ** (1.0 / k)


def calibrate(speed: np.ndarray, target_cf: float, turbine: str = ONSHORE_TURBINE) -> float:
    """The factor on ``speed`` that gives a mean capacity factor of ``target_cf``.

    The mean capacity factor rises with the factor until cut-out bites; the search
    stays below the factor with the highest mean, where it is monotone.
    """
    factors = np.linspace(0.05, 5.0, 100)
    means = np.array([cf_from_speed(speed * f, turbine).mean() for f in factors])
    top = int(np.argmax(means))
    if target_cf >= means[top]:
        return float(factors[top])
    lo, hi = 0.0, float(factors[top])
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if cf_from_speed(speed * mid, turbine).mean() < target_cf:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def wind_speed(
    lat: float, lon: float, times: pd.DatetimeIndex, seed: int, use_tmy: bool = True
) -> tuple[np.ndarray, str]:
    """Hub-height wind speed shape [m/s] at a site and where it came from."""
    station = nearest_station(lat, lon) if use_tmy else None
    if station is not None:
        start = pd.Timestamp(f"{times[0].year}-01-01", tz="UTC")
        hour_of_year = ((pd.DatetimeIndex(times) - start) // pd.Timedelta(hours=1)) % 8760
        v10 = station_weather(station)["wind_speed"].to_numpy()
        return hub_speed(v10)[np.asarray(hour_of_year)], station.name
    speeds = ar1_weibull(len(times), seed, scale=8.0)
    return speeds, f"AR(1)-Weibull model (k={WEIBULL_K}, phi={AR1_PHI}, seed={seed})"


def wind_cf(
    lat: float,
    lon: float,
    times: pd.DatetimeIndex,
    annual_cf: float | None,
    seed: int,
    offshore: bool = False,
    use_tmy: bool = True,
) -> np.ndarray:
    """Hourly wind capacity factor [1] at a site, matched to ``annual_cf`` when given."""
    turbine = OFFSHORE_TURBINE if offshore else ONSHORE_TURBINE
    speed, _ = wind_speed(lat, lon, times, seed, use_tmy)
    if annual_cf is not None:
        speed = speed * calibrate(speed, annual_cf, turbine)
    return cf_from_speed(speed, turbine)
