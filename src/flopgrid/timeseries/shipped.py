"""The hourly series shipped with flopgrid: regional load, grid carbon and price shapes.

Each reader returns a pandas Series on a UTC hourly index; the files and their
sources are under ``flopgrid/data/series`` (one ``SOURCE.md`` per folder).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import FlopgridError
from ..scenario.dataset import data_dir

#: shipped regional load series: name -> (file, description, representative longitude [deg])
LOAD_SERIES = {
    "ERCOT": ("TEX.csv", "ERCOT (EIA region TEX)", -97.0),
    "PJM": ("MIDA.csv", "PJM (EIA region MIDA)", -77.0),
    "CAL": ("CAL.csv", "California (EIA region CAL: CISO, BANC, LDWP, IID, TIDC)", -119.0),
}

#: hourly shapes: name -> (reader key, longitude of the source region [deg])
SHAPES = {
    "erco-2022": ("carbon", "ERCO_2022.csv", -97.0),
    "pjm-2022": ("carbon", "PJM_2022.csv", -77.0),
    "dk1-2023": ("price", "DK1", 10.0),
    "dk2-2023": ("price", "DK2", 12.0),
}


def series_dir() -> Path:
    return data_dir() / "series"


@cache
def load_mw(region: str) -> pd.Series:
    """Hourly demand of a shipped region [MW], UTC, hour-ending stamps as in EIA-930."""
    key = region.upper()
    if key not in LOAD_SERIES:
        raise FlopgridError(
            f"no shipped load series {region!r}; available: {', '.join(LOAD_SERIES)} "
            "(or give a CSV file)"
        )
    path = series_dir() / "eia930_load_us" / LOAD_SERIES[key][0]
    df = pd.read_csv(path, usecols=["date_time", "cleaned demand (MW)"])
    idx = pd.DatetimeIndex(pd.to_datetime(df["date_time"]), name="time").tz_localize("UTC")
    return pd.Series(df["cleaned demand (MW)"].to_numpy(float), index=idx, name=key)


@cache
def _carbon(file: str) -> np.ndarray:
    df = pd.read_csv(series_dir() / "eia930_carbon_intensity_us" / file)
    values = df["avg_CI"].astype(float)
    # a few hours are blank in PJM: fill from neighbours (shape only)
    return values.interpolate(limit_direction="both").to_numpy()


@cache
def _price(area: str) -> np.ndarray:
    df = pd.read_csv(
        series_dir() / "energinet_dk_spot_prices" / "Elspotprices_DK1_DK2.csv",
        sep=";",
        decimal=",",
    )
    df = df[(df["PriceArea"] == area) & df["HourUTC"].str.startswith("2023")]
    df = df.sort_values("HourUTC")
    return df["SpotPriceEUR"].to_numpy(float)


def shape(name: str, hours: int = 8760, lon: float | None = None) -> np.ndarray:
    """A shipped hourly shape with a mean of 1, ``hours`` long, in the site's local time.

    The shape is shifted by the difference in solar time between the source region and
    ``lon`` (15 degrees per hour), so that a daily peak stays at the same local hour.
    ``flat`` gives ones.
    """
    if name == "flat":
        return np.ones(hours)
    if name not in SHAPES:
        raise FlopgridError(f"unknown hourly shape {name!r}; available: flat, {', '.join(SHAPES)}")
    kind, key, source_lon = SHAPES[name]
    values = _carbon(key) if kind == "carbon" else _price(key)
    values = values[:8760]
    mean = float(values.mean())
    base = values / mean if mean else np.ones_like(values)
    if lon is not None:
        base = np.roll(base, -round((lon - source_lon) / 15.0))
    reps = int(np.ceil(hours / len(base)))
    return np.tile(base, reps)[:hours]
