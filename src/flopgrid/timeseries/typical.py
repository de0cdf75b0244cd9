"""Typical-year weather that ships inside installed packages: read offline, never downloaded.

A site within :data:`MATCH_KM` of one of these stations takes its hourly global
irradiance and 10 m wind speed from the station's typical year; every other site
gets the synthetic weather of :mod:`.clearness` and :mod:`.wind`. Sources and
licences are in ``docs/weather.md``:

- pvlib's data folder (BSD-3 code; NREL TMY data are public): two TMY3 files
  (Greensboro NC, Sand Point AK) and one TMY2 file (Miami FL). National Solar
  Radiation Data Base, TMY3 (Wilcox & Marion, NREL/TP-581-43156, 2008) and TMY2
  (Marion & Urban, NREL, 1995).
- demandlib's ``vdi/resources_weather`` (MIT code): the 15 test reference years
  TRY2010 of the Deutscher Wetterdienst, "mittleres Jahr", built from observations
  1988-2007 (DWD / BBSR, 2011). flopgrid reads them from the installed package and
  does not copy them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib

from ..geo import distance_km

#: a site this close to a typical-year station uses that station's weather [km]
MATCH_KM = 100.0
HOURS = 8760


@dataclass(frozen=True)
class Station:
    name: str
    source: str  # "pvlib-tmy3", "pvlib-tmy2" or "dwd-try2010"
    file: str
    lat: float
    lon: float
    #: offset of the file's local standard time from UTC [h]
    utc_offset_h: int

    @property
    def label(self) -> str:
        return f"{self.name} ({_SOURCE_NAMES[self.source]})"


_SOURCE_NAMES = {
    "pvlib-tmy3": "NREL TMY3 shipped with pvlib",
    "pvlib-tmy2": "NREL TMY2 shipped with pvlib",
    "dwd-try2010": "DWD test reference year TRY2010 shipped with demandlib",
}

PVLIB_STATIONS = (
    Station("Greensboro NC, TMY3 723170", "pvlib-tmy3", "723170TYA.CSV", 36.1, -79.95, -5),
    Station("Sand Point AK, TMY3 703165", "pvlib-tmy3", "703165TY.csv", 55.317, -160.517, -9),
    Station("Miami FL, TMY2 12839", "pvlib-tmy2", "12839.tm2", 25.8, -80.267, -5),
)


def _try_dir() -> Path | None:
    spec = find_spec("demandlib")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "vdi" / "resources_weather"
    return folder if folder.is_dir() else None


_TRY_STATION = re.compile(r"Station:\s*(?P<name>.+?)\s+WMO-Nummer:\s*(?P<wmo>\d+)")
_TRY_POSITION = re.compile(r"Lage:\s*(?P<lat>\d+)°(?P<latm>\d+)'N.*?(?P<lon>\d+)°(?P<lonm>\d+)'O")


@cache
def try_stations() -> tuple[Station, ...]:
    """The DWD TRY2010 stations in the installed demandlib (none if it is absent)."""
    folder = _try_dir()
    if folder is None:
        return ()
    out = []
    for path in sorted(folder.glob("TRY2010_*_Jahr.dat")):
        head = path.read_text(encoding="utf-8").splitlines()[:3]
        name, pos = _TRY_STATION.search(head[1]), _TRY_POSITION.search(head[2])
        if name is None or pos is None:
            continue
        lat = int(pos["lat"]) + int(pos["latm"]) / 60
        lon = int(pos["lon"]) + int(pos["lonm"]) / 60
        region = head[0].split()[0]
        out.append(
            # TRY hours are Central European Time (UTC+1), as the file header says
            Station(f"{name['name'].strip()}, {region}", "dwd-try2010", path.name, lat, lon, 1)
        )
    return tuple(out)


def stations() -> tuple[Station, ...]:
    return PVLIB_STATIONS + try_stations()


def nearest_station(lat: float, lon: float, max_km: float = MATCH_KM) -> Station | None:
    """The typical-year station within ``max_km`` of a site, if any."""
    best = min(stations(), key=lambda s: float(distance_km(lat, lon, s.lat, s.lon)))
    return best if float(distance_km(lat, lon, best.lat, best.lon)) <= max_km else None


def _read_try(path: Path) -> pd.DataFrame:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("***")) + 1
    header = lines[start - 2].split()
    rows = [line.split() for line in lines[start:] if line.strip()]
    frame = pd.DataFrame(rows, columns=header).apply(pd.to_numeric)
    # B: direct on the horizontal plane, D: diffuse; their sum is global horizontal
    return pd.DataFrame({"ghi": frame["B"] + frame["D"], "wind_speed": frame["WG"]})


@cache
def station_weather(station: Station) -> pd.DataFrame:
    """A station's typical year: ``ghi`` [W/m2], ``wind_speed`` at 10 m [m/s], 8760 rows
    in UTC hour order from 1 January 00:00.

    All three formats stamp hour-ending local standard time: row i covers local hour i,
    which is UTC hour i - offset, hence the roll.
    """
    if station.source == "dwd-try2010":
        folder = _try_dir()
        assert folder is not None
        frame = _read_try(folder / station.file)
    else:
        path = str(Path(pvlib.__path__[0]) / "data" / station.file)
        if station.source == "pvlib-tmy2":
            data, _ = pvlib.iotools.read_tmy2(path)
            # TMY2 stores wind speed in tenths of m/s (Marion & Urban 1995, Table 2-1)
            frame = pd.DataFrame({"ghi": data["GHI"], "wind_speed": data["Wspd"] / 10.0})
        else:
            data, _ = pvlib.iotools.read_tmy3(path, map_variables=True)
            frame = data[["ghi", "wind_speed"]]
    frame = frame.reset_index(drop=True).astype(float).iloc[:HOURS]
    return frame.apply(lambda col: np.roll(col.to_numpy(), -station.utc_offset_h))
