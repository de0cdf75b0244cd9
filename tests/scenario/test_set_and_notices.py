"""`--set PATH=null` removes an entry, as null does in a file; warnings for demand that the
horizon never sees."""

from __future__ import annotations

import pytest

from flopgrid import load_scenario
from flopgrid.errors import ScenarioError
from flopgrid.scenario.notices import scenario_warnings

from ..helpers import cli


def _two_sites(base: dict) -> dict:
    base["sites"]["b"] = {**base["sites"]["a"], "country": "CA"}
    return base


def test_set_null_removes_a_site(write, base):
    path = write(_two_sites(base))
    assert set(load_scenario(path).sites) == {"a", "b"}
    assert set(load_scenario(path, ["sites.b=null"]).sites) == {"a"}
    assert set(load_scenario(path, ["sites.b="]).sites) == {"a"}  # an empty value is null too


def test_set_null_removes_a_year_and_an_optional_field(write, base):
    base["demand"]["by_year"] = {2030: 1_000_000, 2031: 2_000_000}
    base["years"]["end"] = 2031
    base["policy"] = {"budget_usd_per_year": 1e9}
    scn = load_scenario(
        write(base), ["demand.by_year.2031=null", "policy.budget_usd_per_year=null"]
    )
    assert scn.demand.by_year == {2030: 1_000_000}
    assert scn.policy.budget_usd_per_year is None


def test_set_null_on_nothing_changes_nothing(write, base):
    path = write(base)
    assert load_scenario(path, ["sites.nowhere.country=null"]) == load_scenario(path)


def test_removing_the_last_site_is_an_error_not_a_crash(write, base):
    with pytest.raises(ScenarioError) as info:
        load_scenario(write(base), ["sites.a=null"])
    [problem] = info.value.problems
    assert (problem.path, problem.message) == ("sites", "must not be empty")


def test_plan_with_a_removed_site(write, base, tmp_path):
    r = cli(
        "plan", write(_two_sites(base)), "--set", "sites.b=null", "--no-report",
        "--store", tmp_path / "s.duckdb", "--out", tmp_path / "run",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "│ b " not in r.output and (tmp_path / "run" / "summary.json").exists()


def test_demand_wholly_after_the_horizon_warns(write, base):
    base["demand"]["by_year"] = {2040: 5_000_000, 2045: 6_000_000}
    path = write(base)
    notes = scenario_warnings(load_scenario(path))
    assert notes == [
        "demand.by_year gives only years after the horizon 2030-2030 (2040, 2045); its first "
        "value, 5 M, is held for every year of the horizon"
    ]
    r = cli("scenarios", "validate", path)
    assert r.exit_code == 0 and "warning: demand.by_year gives only years after" in r.output


def test_tenant_demand_before_the_horizon_warns(write, base):
    base["demand"]["by_year"] = None
    base["tenants"] = {
        "t": {"demand": {"by_year": {2020: 1000, 2021: 2000}}, "value_usd_per_h100e_year": 1e5}
    }
    notes = scenario_warnings(load_scenario(write(base)))
    assert len(notes) == 1 and notes[0].startswith(
        "tenants.t.demand.by_year gives only years before the horizon 2030-2030 (2020, 2021)"
    )
    assert "its last value, 2 k, is held" in notes[0]


def test_demand_inside_the_horizon_does_not_warn(write, base):
    assert scenario_warnings(load_scenario(write(base))) == []


def test_a_series_file_is_read_from_the_scenario_files_folder(write, base, tmp_path, monkeypatch):
    """dispatch.series_csv in a file is relative to that file (as ``extends`` is), also
    through ``extends``; given with --set, relative to the working folder."""
    (tmp_path / "cases").mkdir()
    base["dispatch"] = {"series_csv": "hours.csv"}
    write(base, "cases/parent.yaml")
    child = write({"extends": "parent.yaml", "name": "child"}, "cases/child.yaml")
    monkeypatch.chdir(tmp_path)
    expected = str((tmp_path / "cases" / "hours.csv").resolve())
    assert load_scenario(child).dispatch.series_csv == expected
    assert load_scenario("cases/parent.yaml").dispatch.series_csv == expected
    given = load_scenario(child, ["dispatch.series_csv=mine.csv"])
    assert given.dispatch.series_csv == "mine.csv"
