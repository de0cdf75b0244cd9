"""Hourly solar capacity factors for any site, from pvlib, with weather.

Clear-sky irradiance (Ineichen with the Linke turbidity climatology pvlib ships) sets
the sun's path; clouds come from the typical year of a station within 100 km when one
ships offline (:mod:`.typical`, labelled ``typical-year``), else from the seeded
stochastic clearness model of :mod:`.clearness` (labelled ``synthetic``). Global
irradiance is split into beam and diffuse with the Erbs correlation, transposed to a
fixed, equator-facing plane tilted at the site's latitude, and the series is finally
scaled to the site's annual capacity factor. Clear sky alone is never used.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pvlib

from .clearness import daily_clearness, hourly_factor
from .typical import nearest_station, station_weather

#: DC-to-AC system losses (PVWatts default 14%: Dobos, "PVWatts Version 5 Manual",
#: NREL/TP-6A20-62641, 2014)
SYSTEM_LOSSES = 0.14
#: bounds on a site's mean clear-sky index (cloudy / clear-sky irradiation) inferred from
#: the ratio of its capacity factor to its clear-sky one [1]: the 18 shipped typical
#: years measure 0.53 (Sand Point AK) to 0.82 (Miami FL); a desert with a mean daily
#: clearness index of 0.65 (UAE: "Experimental and theoretical investigation of global
#: and diffuse solar radiation in the United Arab Emirates", Renewable Energy, Elsevier)
#: is near 0.9. Outside the bounds the ratio reflects trackers, DC/AC ratios or losses,
#: not clouds. Modelling assumption; confidence: low.
CLEAR_INDEX_BOUNDS = (0.45, 0.90)


@dataclass(frozen=True)
class SolarProfile:
    """An hourly solar capacity factor and what it is."""

    cf: np.ndarray
    label: str  # "typical-year" or "synthetic"
    method: str


def clear_sky(lat: float, lon: float, times: pd.DatetimeIndex) -> pd.DataFrame:
    """Clear-sky ``ghi``, ``dni``, ``dhi`` [W/m2], solar position and extraterrestrial
    irradiance ``dni_extra`` [W/m2] at mid-hour."""
    mid = times + pd.Timedelta(minutes=30)
    loc = pvlib.location.Location(lat, lon)
    with warnings.catch_warnings():
        # pvlib 0.16 still reads DatetimeIndex.dayofyear, deprecated in pandas 3
        warnings.filterwarnings("ignore", message=".*dayofyear is deprecated")
        pos = loc.get_solarposition(mid)
        cs = loc.get_clearsky(mid, model="ineichen", solar_position=pos)
        extra = pvlib.irradiance.get_extra_radiation(mid)
    out = pd.concat([cs, pos[["apparent_zenith", "zenith", "azimuth"]]], axis=1)
    out["dni_extra"] = extra.to_numpy()
    return out


def plane_cf(lat: float, sky: pd.DataFrame) -> np.ndarray:
    """Capacity factor [1] of a fixed plane tilted at |lat|, facing the equator."""
    tilt = min(abs(lat), 60.0)
    azimuth = 180.0 if lat >= 0 else 0.0
    poa = pvlib.irradiance.get_total_irradiance(
        tilt, azimuth, sky["apparent_zenith"], sky["azimuth"], sky["dni"], sky["ghi"], sky["dhi"]
    )["poa_global"]
    cf = np.nan_to_num(poa.to_numpy(float) / 1000.0) * (1.0 - SYSTEM_LOSSES)
    return np.clip(cf, 0.0, 1.0)


def _local_days(values: np.ndarray, lon: float) -> tuple[np.ndarray, int]:
    """(days, 24) view of an hourly UTC series shifted to local solar days, and the shift."""
    shift = round(lon / 15.0)
    return np.roll(values, shift).reshape(-1, 24), shift


def synthetic_ghi(
    sky: pd.DataFrame, lon: float, mean_clear_index: float, rng: np.random.Generator
) -> tuple[np.ndarray, float]:
    """Cloudy global horizontal irradiance [W/m2] and the mean clearness index used.

    Daily clearness indices follow :func:`.clearness.daily_clearness` around a mean
    of ``mean_clear_index`` x the site's clear-sky clearness; hours fluctuate within
    each day as in the TAG model.
    """
    ghi_clear = sky["ghi"].to_numpy(float)
    cos_z = np.clip(np.cos(np.radians(sky["zenith"].to_numpy(float))), 0.0, None)
    h0 = sky["dni_extra"].to_numpy(float) * cos_z
    clear_days, shift = _local_days(ghi_clear, lon)
    h0_days, _ = _local_days(h0, lon)
    clear_kt = clear_days.sum(axis=1) / np.maximum(h0_days.sum(axis=1), 1e-9)
    mean_kt = float(mean_clear_index * clear_kt.mean())
    kt = daily_clearness(mean_kt, len(clear_kt), rng, kt_max=float(clear_kt.mean()))
    # a day cannot be clearer than the clear sky (small over-irradiance aside)
    clear_index = np.minimum(kt / np.maximum(clear_kt, 1e-9), 1.02)
    sin_h, _ = _local_days(cos_z, lon)
    ghi_days = clear_days * clear_index[:, None] * hourly_factor(kt, sin_h, rng)
    return np.roll(ghi_days.ravel(), -shift), mean_kt


def plane_cf_from_ghi(lat: float, sky: pd.DataFrame, ghi: np.ndarray) -> np.ndarray:
    """Capacity factor [1] of the tilted plane under global horizontal irradiance ``ghi``.

    Beam and diffuse from the Erbs et al. (1982) correlation, as pvlib implements it.
    """
    ghi_s = pd.Series(np.clip(ghi, 0.0, None), index=sky.index)
    split = pvlib.irradiance.erbs(ghi_s, sky["zenith"], sky.index)
    cloudy = sky.assign(ghi=ghi_s, dni=split["dni"].fillna(0.0), dhi=split["dhi"].fillna(0.0))
    return plane_cf(lat, cloudy)


def scale_to_mean(cf: np.ndarray, target: float, iterations: int = 50) -> np.ndarray:
    """Scale a capacity-factor series to a mean of ``target``, keeping every hour <= 1."""
    out = np.asarray(cf, dtype=float)
    if out.mean() <= 0 or target <= 0:
        return np.zeros_like(out)
    for _ in range(iterations):
        mean = out.mean()
        if abs(mean - target) < 1e-9 or mean <= 0:
            break
        out = np.clip(out * target / mean, 0.0, 1.0)
    return out


def solar_profile(
    lat: float,
    lon: float,
    times: pd.DatetimeIndex,
    annual_cf: float | None,
    seed: int,
    use_typical: bool = True,
) -> SolarProfile:
    """Hourly solar capacity factor [1] at a site for hour-start UTC ``times``, labelled.

    Parameters
    ----------
    lat, lon
        Site coordinates [deg].
    times
        8760 hour-start timestamps (UTC) from 1 January.
    annual_cf
        Mean capacity factor to scale to (the dataset's); None keeps the physical one.
    seed
        Seed of the synthetic weather (see :func:`.wind.site_seed`).
    use_typical
        Use a typical-year station within 100 km when one ships offline.
    """
    times = pd.DatetimeIndex(times)
    if times.tz is None:
        times = times.tz_localize("UTC")
    sky = clear_sky(lat, lon, times)
    station = nearest_station(lat, lon) if use_typical else None
    if station is not None:
        weather = station_weather(station)
        station_clear = clear_sky(station.lat, station.lon, times)["ghi"].to_numpy()
        k = weather["ghi"].to_numpy() / np.maximum(station_clear, 10.0)
        k = np.where(station_clear > 10.0, k, 0.0)
        ghi = sky["ghi"].to_numpy() * np.clip(k, 0.0, 1.2)
        label, method = "typical-year", f"clouds of {station.label}"
    else:
        clear_cf = plane_cf(lat, sky).mean()
        ratio = (annual_cf / clear_cf) if (annual_cf and clear_cf > 0) else 0.7
        mean_index = float(np.clip(ratio, *CLEAR_INDEX_BOUNDS))
        ghi, mean_kt = synthetic_ghi(sky, lon, mean_index, np.random.default_rng(seed))
        label = "synthetic"
        method = (
            f"daily clearness (Bendt et al. 1981, mean K_T {mean_kt:.2f}) with day-to-day "
            f"persistence (Graham et al. 1988) and hourly TAG fluctuations, seed {seed}"
        )
    cf = plane_cf_from_ghi(lat, sky, ghi)
    if annual_cf is not None:
        cf = scale_to_mean(cf, annual_cf)
        method += f", scaled to CF {annual_cf:.3f}"
    return SolarProfile(cf, label, method)


def solar_cf(
    lat: float,
    lon: float,
    times: pd.DatetimeIndex,
    annual_cf: float | None = None,
    seed: int = 0,
    use_typical: bool = True,
) -> np.ndarray:
    """Hourly solar capacity factor [1]; see :func:`solar_profile`."""
    return solar_profile(lat, lon, times, annual_cf, seed, use_typical).cf
