"""User CSV series under bad input: one clear error per problem (file, line, column), at
most 20 listed, and timestamps that are checked, converted to UTC and placed on the
dispatch year's hours, never ignored."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import flopgrid.timeseries.csvio as csvio
from flopgrid.timeseries.csvio import SeriesError, read_series_csv, series_for_year

HEAD = "time [UTC],a_solar [cf],price [USD/MWh]\n"


def _write(tmp_path, text, name="series.csv"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


def _errors(path, **kwargs) -> str:
    with pytest.raises(SeriesError) as info:
        read_series_csv(path, **kwargs)
    return str(info.value)


def _year(year: int, tz: str = "UTC", hours: int | None = None) -> str:
    n = hours or len(pd.date_range(f"{year}", f"{year + 1}", freq="h", inclusive="left"))
    stamps = pd.date_range(f"{year}-01-01", periods=n, freq="h")
    rows = "\n".join(f"{t:%Y-%m-%d %H:%M},{(i % 24) / 24:.4f},{i}" for i, t in enumerate(stamps))
    return f"time [{tz}],a_solar [cf],price [USD/MWh]\n{rows}\n"


@pytest.mark.parametrize(
    ("content", "expected", "line"),
    [
        (b"", "the file is empty; expected a header and hourly rows", None),
        (b"time [UTC],a [cf]\n\x00\x00", "is a binary file (a NUL byte); expected CSV text", 2),
        (b"time [UTC],a [cf]\n2030-01-01 00:00,0.5\xff\n", "is not UTF-8 text (byte 0xff", 2),
        (b"time [UTC],a_solar [cf]\n", "no rows below the header; expected one row per hour", 1),
        (b"time [UTC]\n2030-01-01 00:00\n", "expected a time column and at least one series", 1),
        (b"time [UTC],a [cf]\n2030-01-01 00:00,0.1\n2030-01-01 01:00,0.1,9,9\n",
         "not a CSV table: Error tokenizing data", 3),
    ],
)  # fmt: skip
def test_unreadable_files_get_one_clear_error(tmp_path, content, expected, line):
    path = _write(tmp_path, content)
    message = _errors(path)
    where = f"{path}:{line} " if line else f"{path} "
    assert message.startswith(where) and expected in message, message
    assert path.read_bytes() == content  # untouched


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(csvio, "MAX_SERIES_BYTES", 1000)
    path = _write(tmp_path, _year(2030, hours=100))
    assert "bytes; at most 1,000 are read" in _errors(path)


def test_a_column_given_twice_is_refused(tmp_path):
    path = _write(tmp_path, "time [UTC],a [cf],a [cf]\n2030-01-01 00:00,0.1,0.2\n")
    assert ":1 a [cf]: column 'a' is given twice (first as column 2)" in _errors(path)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("time [+05:30]", "time zone +05:30 is not a whole number of hours from UTC"),
        ("time [+15:00]", "time zone +15:00 does not exist"),
        ("time [CET]", "time zone 'CET' not understood; write UTC or +HH:MM"),
    ],
)
def test_time_zones_that_cannot_be_honoured_are_refused(tmp_path, header, expected):
    path = _write(tmp_path, f"{header},a [cf]\n2030-01-01 00:00,0.1\n")
    assert f":1 {header}: {expected}" in _errors(path)


def test_half_hour_offsets_in_the_timestamps_are_refused(tmp_path):
    rows = "".join(f"2030-01-01T{h:02d}:00+05:30,0.1\n" for h in range(3))
    message = _errors(_write(tmp_path, "time,a [cf]\n" + rows))
    assert ":2 time: 2029-12-31 18:30 UTC is not on the hour" in message
    assert "resample the series to UTC hours first" in message


@pytest.mark.parametrize(
    ("cell", "column", "expected"),
    [
        (
            "inf",
            "price [USD/MWh]",
            "inf USD/MWh outside the allowed range -1,000 to 20,000 USD/MWh",
        ),
        ("1e30", "price [USD/MWh]", "1e+30 USD/MWh outside the allowed range"),
        ("-5", "carbon [gCO2/kWh]", "-5 gCO2/kWh outside the allowed range 0 to 2,000 gCO2/kWh"),
        ("5e7", "load [MW]", "5e+07 MW outside the allowed range 0 to 1e+07 MW"),
        ("-inf", "a [cf]", "capacity factor -inf outside [0, 1]"),
        ("nan", "a [cf]", "'nan' is not a number"),
        ("", "a [cf]", "missing value"),
    ],
)
def test_absurd_values_are_refused_with_the_allowed_range(tmp_path, cell, column, expected):
    name = column.split(" [")[0]
    path = _write(tmp_path, f"time [UTC],{column}\n2030-01-01 00:00,1\n2030-01-01 01:00,{cell}\n")
    assert f":3 {name}: {expected}" in _errors(path)


def test_at_most_twenty_problems_are_listed_and_the_rest_counted(tmp_path):
    rows = "".join(f"2030-01-01 {h:02d}:00,x{h}\n" for h in range(24))
    message = _errors(_write(tmp_path, "time [UTC],a [cf]\n" + rows))
    lines = message.splitlines()
    assert len(lines) == 21 and lines[-1] == "... and 4 more problems"
    assert all("is not a number" in line for line in lines[:20])


# -- placing a year on the dispatch year's hours ----------------------------------------


def test_a_series_of_another_year_must_be_stated(tmp_path):
    table = read_series_csv(_write(tmp_path, _year(2023)))
    with pytest.raises(SeriesError) as info:
        series_for_year(table, 2030)
    assert "holds the year 2023, the dispatch is of 2030" in str(info.value)
    assert "(--series-year 2023)" in str(info.value)
    placed = series_for_year(table, 2030, series_year=2023)
    assert placed.data.index[0] == pd.Timestamp("2030-01-01", tz="UTC")
    assert np.array_equal(placed.data["price"].to_numpy(), np.arange(8760))
    with pytest.raises(SeriesError, match="holds the year 2023, not 2024 as stated"):
        series_for_year(table, 2030, series_year=2024)


def test_a_leap_year_of_8784_hours_is_accepted(tmp_path):
    table = read_series_csv(_write(tmp_path, _year(2028)))
    assert len(table.data) == 8784
    placed = series_for_year(table, 2028)
    assert len(placed.data) == 8760  # the dispatch year drops 31 December, as ever
    assert placed.data["price"].iloc[24 * 59] == 24 * 59  # 29 February is kept


def test_part_of_a_year_is_refused(tmp_path):
    table = read_series_csv(_write(tmp_path, _year(2030, hours=8000)))
    with pytest.raises(SeriesError, match="has 8,000 hours; the dispatch needs one whole year"):
        series_for_year(table, 2030)
    leap = read_series_csv(_write(tmp_path, _year(2028, hours=8760)))
    with pytest.raises(SeriesError, match="8,784 in a leap year"):
        series_for_year(leap, 2028)


def test_a_local_time_zone_is_converted_to_utc(tmp_path):
    """A year given in +04:00 starts at 20:00 UTC the day before: every value lands four
    hours earlier in UTC, and the first four wrap to the end of the year."""
    table = read_series_csv(_write(tmp_path, _year(2030, tz="+04:00")))
    assert table.data.index[0] == pd.Timestamp("2029-12-31 20:00", tz="UTC")
    placed = series_for_year(table, 2030)
    price = placed.data["price"].to_numpy()
    assert price[0] == 4 and price[8755] == 8759  # 00:00 UTC is 04:00 local
    assert list(price[8756:]) == [0, 1, 2, 3]  # local 00:00-03:00 on 1 January, wrapped
