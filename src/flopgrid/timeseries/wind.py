"""Hourly wind capacity factors: wind speed through a real turbine power curve.

Wind speed comes from a typical-year station within 100 km when one ships offline
(:mod:`.typical`; 10 m speeds raised to hub height with the 1/7 power law, labelled
``typical-year``); otherwise from a seeded stochastic model (labelled ``synthetic``):

- persistence: a Gaussian process, the sum of three AR(1) components (hours, the
  synoptic scale of passing weather systems, and multi-day regimes such as blocking
  highs), :data:`PERSISTENCE`, fitted to the autocorrelation of hourly speeds at lags
  1, 24 and 72 h measured in the shipped typical years (``docs/weather.md``);
- marginal: the process mapped to a Weibull distribution of shape :data:`WEIBULL_K`;
- seasonal and diurnal cycles multiply the speeds (:func:`seasonal_cycle`,
  :func:`diurnal_cycle`).

Either way one factor on the speeds then makes the annual capacity factor through the
power curve equal to the site's (the dataset's), standing in for wake losses,
availability and the site's real resource. Lulls are therefore those of the process:
their statistics are checked against the measured typical years and against Ohlendorf &
Schill (2020) in ``docs/weather.md`` and ``tests/timeseries/test_weather.py``.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
from scipy.signal import lfilter
from scipy.special import ndtr

from .shipped import series_dir
from .typical import nearest_station, station_weather

ONSHORE_TURBINE = "V112/3450"
OFFSHORE_TURBINE = "V164/9500"
CUT_OUT_M_S = 25.0
HUB_HEIGHT_M = 100.0
MEASUREMENT_HEIGHT_M = 10.0
#: Weibull shape of hourly hub-height speeds: 2 (Rayleigh), "typical of many sites"
#: (Manwell, McGowan & Rogers, "Wind Energy Explained", 2nd ed., Wiley, 2009, sec. 2.4);
#: the shipped exposed stations measure 1.4-2.2 at 10 m. Confidence: medium.
WEIBULL_K = 2.0
#: (e-folding time [h], share of variance) of the three AR(1) components of the
#: Gaussian speed anomaly; fitted to the median autocorrelation of hourly 10 m speeds
#: over the 15 exposed shipped typical-year stations (lag 1 h: 0.88, 24 h: 0.36,
#: 72 h: 0.16; docs/weather.md). Confidence: medium.
PERSISTENCE = ((3.0, 0.25), (30.0, 0.55), (120.0, 0.20))
#: relative amplitude and peak of the seasonal cycle of speeds; winter maximum poleward
#: of 35 deg, spring maximum nearer the equator; modelling assumption fitted loosely to
#: the monthly means of the shipped stations (half-range 0.15-0.49 at 10 m) and to
#: German onshore wind output about twice as high in winter as in summer
#: (Ohlendorf & Schill 2020, Fig. 2). Confidence: low.
SEASONAL_AMPLITUDE = {"high": 0.12, "low": 0.08}
#: relative amplitude of the diurnal cycle at hub height; onshore winds at ~100 m peak
#: at night (nocturnal low-level jet, decoupling from the surface: Emeis, "Wind Energy
#: Meteorology", 2nd ed., Springer, 2018, ch. 3), offshore hardly vary over the day.
#: Confidence: low.
DIURNAL_AMPLITUDE = {"onshore": 0.06, "offshore": 0.0}
DIURNAL_PEAK_LOCAL_H = 1.0


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


def gaussian_persistence(hours: int, rng: np.random.Generator) -> np.ndarray:
    """Unit-variance Gaussian anomalies with the autocorrelation of :data:`PERSISTENCE`."""
    out = np.zeros(hours)
    for tau_h, share in PERSISTENCE:
        phi = math.exp(-1.0 / tau_h)
        eps = rng.standard_normal(hours) * math.sqrt(1.0 - phi * phi)
        eps[0] /= math.sqrt(1.0 - phi * phi)  # start in the stationary distribution
        out += math.sqrt(share) * lfilter([1.0], [1.0, -phi], eps)
    return out


def weibull_from_gaussian(z: np.ndarray, k: float = WEIBULL_K, scale: float = 1.0) -> np.ndarray:
    """Map standard-normal values to Weibull(``k``, ``scale``) speeds [m/s]."""
    u = np.clip(ndtr(z), 1e-12, 1 - 1e-12)
    return scale * (-np.log1p(-u)) ** (1.0 / k)


def ar1_weibull(hours: int, seed: int, k: float = WEIBULL_K, scale: float = 1.0) -> np.ndarray:
    """Persistent Weibull(``k``, ``scale``) speeds [m/s], ``hours`` long, no cycles."""
    rng = np.random.default_rng(seed)
    return weibull_from_gaussian(gaussian_persistence(hours, rng), k, scale)


def seasonal_cycle(lat: float, times: pd.DatetimeIndex) -> np.ndarray:
    """Relative seasonal factor [1] on speeds, mean about 1."""
    high = abs(lat) >= 35.0
    amplitude = SEASONAL_AMPLITUDE["high" if high else "low"]
    peak_doy = 15 if high else 105  # mid-January or mid-April (northern hemisphere)
    if lat < 0:
        peak_doy += 182
    doy = pd.DatetimeIndex(times).dayofyear.to_numpy()
    return 1.0 + amplitude * np.cos(2 * np.pi * (doy - peak_doy) / 365.0)


def diurnal_cycle(lon: float, times: pd.DatetimeIndex, offshore: bool) -> np.ndarray:
    """Relative diurnal factor [1] on speeds, peak at night onshore (local solar time)."""
    amplitude = DIURNAL_AMPLITUDE["offshore" if offshore else "onshore"]
    local_h = (pd.DatetimeIndex(times).hour.to_numpy() + 0.5 + lon / 15.0) % 24
    return 1.0 + amplitude * np.cos(2 * np.pi * (local_h - DIURNAL_PEAK_LOCAL_H) / 24.0)


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


@dataclass(frozen=True)
class WindProfile:
    """An hourly wind capacity factor and what it is."""

    cf: np.ndarray
    label: str  # "typical-year" or "synthetic"
    method: str


def wind_speed(
    lat: float,
    lon: float,
    times: pd.DatetimeIndex,
    seed: int,
    use_typical: bool = True,
    offshore: bool = False,
) -> tuple[np.ndarray, str, str]:
    """Hub-height wind speed shape [m/s] at a site, its label and where it came from."""
    station = nearest_station(lat, lon) if use_typical else None
    if station is not None:
        start = pd.Timestamp(f"{times[0].year}-01-01", tz="UTC")
        hour_of_year = ((pd.DatetimeIndex(times) - start) // pd.Timedelta(hours=1)) % 8760
        v10 = station_weather(station)["wind_speed"].to_numpy()
        method = f"10 m speeds of {station.label}, 1/7 power law to {HUB_HEIGHT_M:.0f} m"
        return hub_speed(v10)[np.asarray(hour_of_year)], "typical-year", method
    rng = np.random.default_rng(seed)
    speeds = weibull_from_gaussian(gaussian_persistence(len(times), rng), scale=8.0)
    speeds = speeds * seasonal_cycle(lat, times) * diurnal_cycle(lon, times, offshore)
    method = (
        f"persistent Weibull speeds (k={WEIBULL_K}, AR components {PERSISTENCE}) with "
        f"seasonal and diurnal cycles, seed {seed}"
    )
    return speeds, "synthetic", method


def wind_profile(
    lat: float,
    lon: float,
    times: pd.DatetimeIndex,
    annual_cf: float | None,
    seed: int,
    offshore: bool = False,
    use_typical: bool = True,
) -> WindProfile:
    """Hourly wind capacity factor [1] at a site, matched to ``annual_cf``, labelled."""
    turbine = OFFSHORE_TURBINE if offshore else ONSHORE_TURBINE
    speed, label, method = wind_speed(lat, lon, times, seed, use_typical, offshore)
    if annual_cf is not None:
        speed = speed * calibrate(speed, annual_cf, turbine)
        method += f", through the {turbine} power curve scaled to CF {annual_cf:.3f}"
    return WindProfile(cf_from_speed(speed, turbine), label, method)


def wind_cf(
    lat: float,
    lon: float,
    times: pd.DatetimeIndex,
    annual_cf: float | None,
    seed: int,
    offshore: bool = False,
    use_typical: bool = True,
) -> np.ndarray:
    """Hourly wind capacity factor [1]; see :func:`wind_profile`."""
    return wind_profile(lat, lon, times, annual_cf, seed, offshore, use_typical).cf
