"""A hurried user's dispatch and headroom: a site with no coordinates, --series-year with no
series, a load CSV of a few hours. Each is an error naming the field or option, with exit
code 2 and nothing written."""

from __future__ import annotations

import pandas as pd
import pytest

from ..helpers import cli, snapshot


def _fleet(base: dict) -> dict:
    base["sites"]["a"]["existing"] = {"year": 2030, "it_gw": 0.2, "accelerators": {"X": 100_000}}
    return base


@pytest.mark.parametrize(
    ("coordinates", "args", "expected"),
    [
        ({}, [], "error: sites.a: no coordinates for its users (inference is served within a "
         "latency of them); give sites.a.lat and sites.a.lon, a country the scenario's dataset "
         "knows, or dispatch.zones"),
        ({"lat": 30.0, "lon": -97.0}, ["--series-year", "2023"],
         "error: --series-year 2023: states the year of a series CSV, but none is given; add "
         "--series FILE"),
    ],
)  # fmt: skip
def test_dispatch_refuses_and_writes_nothing(write, base, tmp_path, coordinates, args, expected):
    """No coordinates failed in pydantic building the site's user zone (a traceback);
    --series-year without a series was silently ignored."""
    base["sites"]["a"].update(coordinates)
    scenario = write(_fleet(base))
    before = snapshot(tmp_path)
    r = cli("dispatch", scenario, "--weeks", "1", "--no-report", *args)
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert expected in " ".join(r.output.split()), r.output
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("hours", [1, 50, 8759])
def test_headroom_needs_a_whole_year_of_load(tmp_path, hours):
    """A few hours gave a headroom of 0 GW, as if computed (no summer peak to read)."""
    stamps = pd.date_range("2023-01-01", periods=hours, freq="h")
    rows = "".join(f"{t:%Y-%m-%d %H:%M},1000\n" for t in stamps)
    (tmp_path / "load.csv").write_text("time [UTC],load [MW]\n" + rows)
    r = cli("headroom", tmp_path / "load.csv", "--shares", "1")
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert (
        f"{hours:,} hours of load; headroom needs at least one whole year of hourly load "
        "(8,760 hours)" in " ".join(r.output.split())
    )
