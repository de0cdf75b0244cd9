"""Hourly solar capacity factors for any site, from pvlib.

Clear-sky irradiance (Ineichen with the Linke turbidity climatology pvlib ships)
on a fixed, equator-facing plane tilted at the site's latitude, scaled by the
cloudiness of a typical-year weather file when the site is near one of the
stations pvlib ships, and finally by the site's annual capacity factor.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib

from ..geo import distance_km

#: DC-to-AC system losses (PVWatts default 14%)
SYSTEM_LOSSES = 0.14
#: a site this close to a typical-year station uses that station's weather [km]
TMY_MATCH_KM = 100.0


@dataclass(frozen=True)
class Station:
    name: str
    file: str
    lat: float
    lon: float
    utc_offset_h: int


#: typical-year files shipped in ``pvlib/data``
STATIONS = (
    Station("Greensboro NC (TMY3 723170)", "723170TYA.CSV", 36.1, -79.95, -5),
    Station("Sand Point AK (TMY3 703165)", "703165TY.csv", 55.317, -160.517, -9),
)


def nearest_station(lat: float, lon: float, max_km: float = TMY_MATCH_KM) -> Station | None:
    """The typical-year station within ``max_km`` of a site, if any."""
    best = min(STATIONS, key=lambda s: float(distance_km(lat, lon, s.lat, s.lon)))
    return best if float(distance_km(lat, lon, best.lat, best.lon)) <= max_km else None


@cache
def station_weather(station: Station) -> pd.DataFrame:
    """A station's typical year, rows in UTC hour order from 1 January 00:00 (8760 rows).

    TMY3 rows are hour-ending local standard time; row i covers local hour i, which is
    UTC hour i - offset, hence the roll.
    """
    path = Path(pvlib.__path__[0]) / "data" / station.file
    data, _ = pvlib.iotools.read_tmy3(str(path), map_variables=True)
    frame = data[["ghi", "wind_speed"]].reset_index(drop=True).astype(float)
    return frame.apply(lambda col: np.roll(col.to_numpy(), -station.utc_offset_h))


def clear_sky(lat: float, lon: float, times: pd.DatetimeIndex) -> pd.DataFrame:
    """Clear-sky ``ghi``, ``dni``, ``dhi`` [W/m2] and solar position at mid-hour."""
    mid = times + pd.Timedelta(minutes=30)
    loc = pvlib.location.Location(lat, lon)
    with warnings.catch_warnings():
        # pvlib 0.16 still reads DatetimeIndex.dayofyear, deprecated in pandas 3
        warnings.filterwarnings("ignore", message=".*dayofyear is deprecated")
        pos = loc.get_solarposition(mid)
        cs = loc.get_clearsky(mid, model="ineichen", solar_position=pos)
    return pd.concat([cs, pos[["apparent_zenith", "azimuth"]]], axis=1)


def plane_cf(lat: float, sky: pd.DataFrame) -> np.ndarray:
    """Capacity factor [1] of a fixed plane tilted at |lat|, facing the equator."""
    tilt = min(abs(lat), 60.0)
    azimuth = 180.0 if lat >= 0 else 0.0
    poa = pvlib.irradiance.get_total_irradiance(
        tilt, azimuth, sky["apparent_zenith"], sky["azimuth"], sky["dni"], sky["ghi"], sky["dhi"]
    )["poa_global"]
    cf = np.nan_to_num(poa.to_numpy(float) / 1000.0) * (1.0 - SYSTEM_LOSSES)
    return np.clip(cf, 0.0, 1.0)


def scale_to_mean(cf: np.ndarray, target: float, iterations: int = 30) -> np.ndarray:
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


def solar_cf(
    lat: float,
    lon: float,
    times: pd.DatetimeIndex,
    annual_cf: float | None = None,
    use_tmy: bool = True,
) -> np.ndarray:
    """Hourly solar capacity factor [1] at a site for hour-start UTC ``times``.

    Parameters
    ----------
    lat, lon
        Site coordinates [deg].
    times
        Hour-start timestamps (UTC).
    annual_cf
        Mean capacity factor to scale to (the dataset's); None keeps the physical one.
    use_tmy
        Apply the hourly clearness (measured / clear-sky GHI) of a nearby typical year.
    """
    times = pd.DatetimeIndex(times)
    if times.tz is None:
        times = times.tz_localize("UTC")
    cf = plane_cf(lat, clear_sky(lat, lon, times))
    station = nearest_station(lat, lon) if use_tmy else None
    if station is not None:
        weather = station_weather(station)
        year_times = pd.date_range(f"{times[0].year}-01-01", periods=8760, freq="h", tz="UTC")
        ghi_clear = clear_sky(station.lat, station.lon, year_times)["ghi"].to_numpy()
        k = np.where(ghi_clear > 10.0, weather["ghi"].to_numpy() / np.maximum(ghi_clear, 1e-9), 0)
        hour_of_year = ((times - year_times[0]) // pd.Timedelta(hours=1)).to_numpy() % 8760
        cf = np.clip(cf * np.clip(k, 0.0, 1.2)[hour_of_year], 0.0, 1.0)
    if annual_cf is not None:
        cf = scale_to_mean(cf, annual_cf)
    return cf
