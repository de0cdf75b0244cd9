"""Import user time series from CSV: hourly, one column per series, units in the header.

A file looks like::

    time [UTC],abilene_solar [cf],price [USD/MWh],carbon [gCO2/kWh]
    2030-01-01 00:00,0.0,41.2,390
    2030-01-01 01:00,0.0,39.8,401

The first column holds hour-start timestamps; their time zone is given in the header
(``time [UTC]``, ``time [+04:00]``) or by ISO offsets in every value. Every other
column is ``name [unit]``. Anything wrong is reported with the file, line, column and
what was expected, all problems at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .. import units
from ..errors import FlopgridError, Problem

#: unit in a header -> (quantity, factor to the model unit)
UNITS = {
    "cf": ("capacity_factor", 1.0),
    "USD/MWh": ("price_usd_per_mwh", 1.0),
    "gCO2/kWh": ("carbon_t_per_mwh", units.t_per_mwh_from_g_per_kwh(1.0)),
    "t/MWh": ("carbon_t_per_mwh", 1.0),
    "MW": ("power_gw", units.gw_from_mw(1.0)),
    "GW": ("power_gw", 1.0),
}
_HEADER = re.compile(r"^\s*(?P<name>[^\[\]]+?)\s*\[(?P<unit>[^\[\]]*)\]\s*$")
_TZ = re.compile(r"^(UTC|[+-]\d{2}:\d{2})$")


class SeriesError(FlopgridError):
    """A time-series file that cannot be used, with every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class SeriesTable:
    """Hourly series in model units (capacity factor, USD/MWh, t/MWh, GW)."""

    data: pd.DataFrame
    quantities: dict[str, str]
    file: str


def _time_zone(header: str) -> str | None:
    match = _HEADER.match(header)
    if match is None:
        return None
    tz = match["unit"].strip()
    return tz if _TZ.match(tz) else "invalid:" + tz


def read_series_csv(path: Path | str, expected_hours: int | None = None) -> SeriesTable:
    """Read and check a user CSV of hourly series.

    Raises
    ------
    SeriesError
        Listing every problem: bad header or unit, timestamps without a time zone,
        duplicate hours, gaps, a length other than ``expected_hours``, missing or
        non-numeric values, capacity factors outside [0, 1].
    """
    path = Path(path)
    label = str(path)
    if not path.exists():
        raise SeriesError([Problem("", "file not found", file=label)])
    raw = pd.read_csv(path, dtype=str, skip_blank_lines=False, keep_default_na=False)
    problems: list[Problem] = []

    def problem(line, column, message):
        problems.append(Problem(column, message, file=label, line=line))

    if raw.shape[1] < 2:
        problem(1, "", "expected a time column and at least one series column")
        raise SeriesError(problems)
    time_col, series_cols = raw.columns[0], list(raw.columns[1:])
    tz = _time_zone(time_col)
    if tz is not None and tz.startswith("invalid:"):
        problem(1, time_col, f"time zone {tz[8:]!r} not understood; write UTC or +HH:MM")
        tz = None
    quantities, factors = {}, {}
    for col in series_cols:
        match = _HEADER.match(col)
        if match is None:
            problem(1, col, "expected 'name [unit]', e.g. 'abilene_solar [cf]'")
            continue
        unit = match["unit"].strip()
        if unit not in UNITS:
            problem(1, col, f"unit {unit!r} not understood; expected one of {', '.join(UNITS)}")
            continue
        quantities[match["name"]], factors[match["name"]] = UNITS[unit][0], UNITS[unit][1]
        raw = raw.rename(columns={col: match["name"]})
    lines = np.arange(len(raw)) + 2  # line 1 is the header
    stamps = pd.to_datetime(raw[time_col], errors="coerce", utc=False, format="mixed")
    for i in np.flatnonzero(stamps.isna().to_numpy()):
        problem(int(lines[i]), time_col, f"{raw[time_col].iloc[i]!r} is not a timestamp")
    if problems:
        raise SeriesError(problems)
    index = pd.DatetimeIndex(stamps)
    if index.tz is None:
        if tz is None:
            problem(
                2,
                time_col,
                "timestamps have no time zone: name the column 'time [UTC]' (or "
                "'time [+04:00]') or give ISO offsets like 2030-01-01T00:00+00:00",
            )
            raise SeriesError(problems)
        index = index.tz_localize("UTC" if tz == "UTC" else f"Etc/GMT{_flip(tz)}")
    index = index.tz_convert("UTC")
    first_seen: dict[pd.Timestamp, int] = {}
    for i, stamp in enumerate(index):
        if stamp in first_seen:
            problem(
                int(lines[i]),
                time_col,
                f"duplicate hour {stamp:%Y-%m-%d %H:%M} UTC (first at line {first_seen[stamp]})",
            )
        else:
            first_seen[stamp] = int(lines[i])
    steps = np.asarray((index[1:] - index[:-1]) / pd.Timedelta(hours=1), dtype=float)
    for i in np.flatnonzero((steps != 1.0) & (steps != 0.0)):
        gap = steps[i]
        what = f"a gap of {gap:g} hours" if gap > 1 else f"a step of {gap:g} hours"
        problem(
            int(lines[i + 1]),
            time_col,
            f"{index[i + 1]:%Y-%m-%d %H:%M} follows {index[i]:%Y-%m-%d %H:%M} UTC: {what} "
            "(expected consecutive hours)",
        )
    if expected_hours is not None and len(index) != expected_hours:
        problem(
            None, "", f"has {len(index)} hours, expected {expected_hours} (the dispatch horizon)"
        )
    data = {}
    for name, factor in factors.items():
        values = pd.to_numeric(raw[name], errors="coerce")
        for i in np.flatnonzero(values.isna().to_numpy()):
            cell = raw[name].iloc[i]
            problem(int(lines[i]), name, f"{cell!r} is not a number" if cell else "missing value")
        if quantities[name] == "capacity_factor":
            bad = np.flatnonzero(((values < 0) | (values > 1)).to_numpy())
            for i in bad[:5]:
                problem(int(lines[i]), name, f"capacity factor {values.iloc[i]} outside [0, 1]")
        data[name] = values.to_numpy(float) * factor
    if problems:
        raise SeriesError(problems)
    frame = pd.DataFrame(data, index=pd.DatetimeIndex(index, name="time"))
    return SeriesTable(frame, quantities, label)


def _flip(offset: str) -> str:
    """'+04:00' -> '-4' (POSIX Etc/GMT zones have the sign reversed); whole hours only."""
    sign = "-" if offset[0] == "+" else "+"
    return f"{sign}{int(offset[1:3])}"
