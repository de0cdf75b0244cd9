"""Import user time series from CSV: hourly, one column per series, units in the header.

A file looks like::

    time [UTC],abilene_solar [cf],price [USD/MWh],carbon [gCO2/kWh]
    2030-01-01 00:00,0.0,41.2,390
    2030-01-01 01:00,0.0,39.8,401

The first column holds hour-start timestamps; their time zone is given in the header
(``time [UTC]``, ``time [+04:00]``, whole hours) or by ISO offsets in every value, and
they are converted to UTC. Every other column is ``name [unit]``, its values within the
range of their quantity (:data:`RANGES`). Anything wrong is reported with the file, line,
column and what was expected, all problems at once (the first 20 listed, the rest
counted). :func:`series_for_year` places a year of values on the dispatch year's hours.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .. import units
from ..errors import FlopgridError, Problem
from ..safety import MAX_SERIES_BYTES, read_text_file

#: unit in a header -> (quantity, factor to the model unit)
UNITS = {
    "cf": ("capacity_factor", 1.0),
    "USD/MWh": ("price_usd_per_mwh", 1.0),
    "gCO2/kWh": ("carbon_t_per_mwh", units.t_per_mwh_from_g_per_kwh(1.0)),
    "t/MWh": ("carbon_t_per_mwh", 1.0),
    "MW": ("power_gw", units.gw_from_mw(1.0)),
    "GW": ("power_gw", 1.0),
}
#: values each quantity may take, in model units: past these a value is a typo or a unit
#: mix-up (prices: the lowest negative and highest capped wholesale prices with room;
#: carbon: twice coal's; power: ten times the largest grid's peak)
RANGES = {
    "capacity_factor": (0.0, 1.0),
    "price_usd_per_mwh": (-1_000.0, 20_000.0),
    "carbon_t_per_mwh": (0.0, 2.0),
    "power_gw": (0.0, 10_000.0),
}
#: most problems listed one per line; the rest are counted
MAX_PROBLEMS_SHOWN = 20
#: hours in a year of hourly values, and in a leap year
YEAR_HOURS, LEAP_YEAR_HOURS = 8760, 8784
_HEADER = re.compile(r"^\s*(?P<name>[^\[\]]+?)\s*\[(?P<unit>[^\[\]]*)\]\s*$")
_TZ = re.compile(r"^(UTC|[+-]\d{2}:\d{2})$")


class SeriesError(FlopgridError):
    """A time-series file that cannot be used, with every problem found (the message lists
    the first :data:`MAX_PROBLEMS_SHOWN` and counts the rest)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = [str(p) for p in problems[:MAX_PROBLEMS_SHOWN]]
        rest = len(problems) - len(shown)
        if rest > 0:
            shown.append(f"... and {rest:,} more problem{'s' if rest != 1 else ''}")
        super().__init__("\n".join(shown))


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


def _offset(tz: str) -> dt.timezone | str:
    """'UTC' or '+04:00' as a fixed offset; the reason in words when it cannot be used."""
    if tz == "UTC":
        return dt.UTC
    hours, minutes = int(tz[1:3]), int(tz[4:6])
    if minutes:
        return (
            f"time zone {tz} is not a whole number of hours from UTC: hourly values cannot "
            "be placed on UTC hours; resample the series to UTC hours first"
        )
    if hours > 14:
        return f"time zone {tz} does not exist; offsets run from -12:00 to +14:00"
    sign = -1 if tz[0] == "-" else 1
    return dt.timezone(sign * dt.timedelta(hours=hours))


def _read_rows(path: Path, label: str) -> pd.DataFrame:
    """The file's rows as text (row 0 the header), after the checks every input passes."""
    text = read_text_file(path, label, MAX_SERIES_BYTES, SeriesError, what="CSV text")
    if not text.strip():
        raise SeriesError(
            [Problem("", "the file is empty; expected a header and hourly rows", label)]
        )
    try:
        return pd.read_csv(
            io.StringIO(text),
            header=None,
            dtype=str,
            skip_blank_lines=False,
            keep_default_na=False,
            na_filter=False,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) if found else None
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else "unreadable"
        raise SeriesError([Problem("", f"not a CSV table: {reason}", label, line)]) from None


def read_series_csv(path: Path | str, expected_hours: int | None = None) -> SeriesTable:
    """Read and check a user CSV of hourly series.

    Raises
    ------
    SeriesError
        Listing every problem: a file too large, binary or not UTF-8, bad header or unit,
        timestamps without a time zone or off the UTC hour, duplicate hours, gaps, a
        length other than ``expected_hours``, missing or non-numeric values, values
        outside their quantity's range (:data:`RANGES`).
    """
    path = Path(path)
    label = str(path)
    raw = _read_rows(path, label)
    problems: list[Problem] = []

    def problem(line, column, message):
        problems.append(Problem(column, message, file=label, line=line))

    header = [str(h) for h in raw.iloc[0]]
    raw = raw.iloc[1:].reset_index(drop=True)
    if len(header) < 2:
        problem(1, "", "expected a time column and at least one series column")
        raise SeriesError(problems)
    if raw.empty:
        problem(1, "", "no rows below the header; expected one row per hour")
        raise SeriesError(problems)
    time_col, series_cols = header[0], header[1:]
    tz = _time_zone(time_col)
    offset: dt.timezone | None = None
    if tz is not None and tz.startswith("invalid:"):
        problem(1, time_col, f"time zone {tz[8:]!r} not understood; write UTC or +HH:MM")
    elif tz is not None:
        found = _offset(tz)
        if isinstance(found, str):
            problem(1, time_col, found)
        else:
            offset = found
    quantities, factors, columns = {}, {}, {}
    for j, col in enumerate(series_cols, start=1):
        match = _HEADER.match(col)
        if match is None:
            problem(1, col, "expected 'name [unit]', e.g. 'abilene_solar [cf]'")
            continue
        unit, name = match["unit"].strip(), match["name"].strip()
        if unit not in UNITS:
            problem(1, col, f"unit {unit!r} not understood; expected one of {', '.join(UNITS)}")
            continue
        if name in columns:
            problem(1, col, f"column {name!r} is given twice (first as column {columns[name] + 1})")
            continue
        quantities[name], factors[name], columns[name] = UNITS[unit][0], UNITS[unit][1], j
    lines = np.arange(len(raw)) + 2  # line 1 is the header
    cells = raw.iloc[:, 0].fillna("")
    stamps = pd.to_datetime(cells, errors="coerce", utc=False, format="mixed")
    for i in np.flatnonzero(stamps.isna().to_numpy()):
        problem(int(lines[i]), time_col, f"{cells.iloc[i]!r} is not a timestamp")
    if problems:
        raise SeriesError(problems)
    try:
        index = pd.DatetimeIndex(stamps)
    except (ValueError, TypeError):
        problem(2, time_col, "timestamps mix time zones; give them all in one (or in UTC)")
        raise SeriesError(problems) from None
    if index.tz is None:
        if offset is None:
            problem(
                2,
                time_col,
                "timestamps have no time zone: name the column 'time [UTC]' (or "
                "'time [+04:00]') or give ISO offsets like 2030-01-01T00:00+00:00",
            )
            raise SeriesError(problems)
        index = index.tz_localize(offset)
    index = index.tz_convert("UTC")
    off_hour = np.flatnonzero((index.minute != 0) | (index.second != 0) | (index.microsecond != 0))
    for i in off_hour[:5]:
        problem(
            int(lines[i]),
            time_col,
            f"{index[i]:%Y-%m-%d %H:%M} UTC is not on the hour: hourly values start on UTC "
            "hours (a half-hour time zone? resample the series to UTC hours first)",
        )
    if len(off_hour) > 5:
        problem(None, time_col, f"{len(off_hour) - 5:,} more timestamps not on the hour")
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
        j = columns[name]
        column = header[j]
        texts = raw.iloc[:, j].fillna("") if j < raw.shape[1] else pd.Series([""] * len(raw))
        values = pd.to_numeric(texts, errors="coerce")
        for i in np.flatnonzero(values.isna().to_numpy()):
            cell = texts.iloc[i]
            problem(int(lines[i]), name, f"{cell!r} is not a number" if cell else "missing value")
        low, high = RANGES[quantities[name]]
        model = values.to_numpy(float) * factor
        bad = np.flatnonzero(~np.isnan(model) & ~((model >= low) & (model <= high)))
        unit = column[column.rindex("[") + 1 : -1].strip() if "[" in column else ""
        for i in bad[:5]:
            if quantities[name] == "capacity_factor":
                message = f"capacity factor {values.iloc[i]:g} outside [0, 1]"
            else:
                message = (
                    f"{values.iloc[i]:g} {unit} outside the allowed range "
                    f"{low / factor:,g} to {high / factor:,g} {unit}"
                )
            problem(int(lines[i]), name, message)
        if len(bad) > 5:
            problem(None, name, f"{len(bad) - 5:,} more values outside the allowed range")
        data[name] = model
    if problems:
        raise SeriesError(problems)
    frame = pd.DataFrame(data, index=pd.DatetimeIndex(index, name="time"))
    return SeriesTable(frame, quantities, label)


def series_for_year(table: SeriesTable, year: int, series_year: int | None = None) -> SeriesTable:
    """A year of hourly values placed on the dispatch year's hours: the 8,760 UTC hours
    from 1 January of ``year`` (a leap year drops 31 December, as the dispatch does).

    The series must hold one whole year, 8,760 hours (8,784 in a leap year), and be of
    ``year``, unless ``series_year`` states that a series of that year stands for it.
    Hours that a time zone moves into a neighbouring UTC year wrap around to the same
    hour of the series' year.

    Raises
    ------
    SeriesError
        A series of part of a year, of another year (unless stated), or not the stated one.
    """
    index = table.data.index
    n = len(index)
    own = int(index[n // 2].year)
    length = LEAP_YEAR_HOURS if calendar.isleap(own) else YEAR_HOURS

    def fail(message: str) -> SeriesError:
        return SeriesError([Problem("", message, table.file)])

    if n != length:
        raise fail(
            f"has {n:,} hours; the dispatch needs one whole year of hourly values: "
            f"{YEAR_HOURS:,} hours, {LEAP_YEAR_HOURS:,} in a leap year"
        )
    if series_year is None and own != year:
        raise fail(
            f"holds the year {own}, the dispatch is of {year}: give a series of {year}, or "
            f"state that this one stands for it (--series-year {own})"
        )
    if series_year is not None and own != series_year:
        raise fail(f"holds the year {own}, not {series_year} as stated (--series-year)")
    start = pd.Timestamp(f"{own}-01-01", tz="UTC")
    position = ((index - start) // pd.Timedelta(hours=1)).to_numpy() % length
    order = np.argsort(position)
    values = table.data.iloc[order].to_numpy()[:YEAR_HOURS]
    times = pd.date_range(f"{year}-01-01", periods=YEAR_HOURS, freq="h", tz="UTC", name="time")
    frame = pd.DataFrame(values, index=times, columns=table.data.columns)
    return SeriesTable(frame, table.quantities, table.file)
