"""`flopgrid dispatch SCENARIO --series FILE`: a user's year of hourly values, checked
against the dispatch year, through the command line."""

from __future__ import annotations

import pandas as pd

from ..helpers import cli, snapshot


def _scenario(base: dict) -> dict:
    base["sites"]["a"].update(lat=30.0, lon=-97.0)
    base["sites"]["a"]["existing"] = {"year": 2030, "it_gw": 0.2, "accelerators": {"X": 100_000}}
    return base


def _series(path, year: int) -> None:
    stamps = pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq="h", inclusive="left")
    rows = "".join(f"{t:%Y-%m-%d %H:%M},{40 + (t.hour % 12)}\n" for t in stamps)
    path.write_text("time [UTC],a_price [USD/MWh]\n" + rows)


def test_a_series_of_another_year_is_refused_unless_stated(write, base, tmp_path):
    scenario = write(_scenario(base))
    series = tmp_path / "hourly.csv"
    _series(series, 2023)
    before = snapshot(tmp_path)
    store = tmp_path / "runs" / "flopgrid.duckdb"
    args = ["dispatch", scenario, "--series", series, "--weeks", "1", "--no-report"]
    r = cli(*args, "--store", store)
    assert r.exit_code == 2
    text = " ".join(r.output.split())
    assert f"{series} holds the year 2023, the dispatch is of 2030" in text
    assert "--series-year 2023" in text and "Traceback" not in text
    assert snapshot(tmp_path) == before  # nothing written
    r = cli(*args, "--series-year", "2023", "--store", store)
    assert r.exit_code == 0, r.output
    assert len(list((tmp_path / "runs").glob("*/summary.json"))) == 1
