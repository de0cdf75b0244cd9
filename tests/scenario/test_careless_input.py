"""A careless user's scenario: true for a number, a number past any plan, NaN and infinity.
Each gives one problem naming file, line, field, the value given and what was expected."""

from __future__ import annotations

import pytest

from flopgrid import load_scenario
from flopgrid.errors import ScenarioError

from ..helpers import cli, snapshot


def _one(path, overrides=()):
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, overrides)
    problems = info.value.problems
    assert len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize(
    ("where", "key", "value", "path", "expected"),
    [
        ((), "discount_rate", True, "discount_rate", "expected a number, got true"),
        (("sites", "a"), "grid_import_gw", True, "sites.a.grid_import_gw", "got true"),
        (("accelerators", "X"), "lifetime_years", False, "accelerators.X.lifetime_years",
         "expected a number, got false"),
        (("sites", "a"), "max_facility_gw", 1e300, "sites.a.max_facility_gw",
         "must be <= 1e+15 (a larger number is a slip or a wrong unit"),
        (("demand", "by_year"), 2030, 10**40, "demand.by_year.2030", "got 1e+40"),
        (("sites", "a"), "max_facility_gw", float("nan"), "sites.a.max_facility_gw",
         "expected a finite number, got nan"),
        (("sites", "a"), "grid_price_usd_per_mwh", float("inf"),
         "sites.a.grid_price_usd_per_mwh", "expected a finite number, got inf"),
    ],
)  # fmt: skip
def test_a_careless_number_names_file_line_and_field(
    write, base, where, key, value, path, expected
):
    node = base
    for part in where:
        node = node[part]
    node[key] = value
    p = _one(write(base, "careless.yaml"))
    assert p.path == path and p.file.endswith("careless.yaml") and p.line
    assert expected in p.message, p.message


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("sites.a.grid_import_gw=yes", "--set sites.a.grid_import_gw: expected a number, got true"),
        ("demand.by_year.2030=1e300", "--set demand.by_year.2030: must be <= 1e+15"),
        ("discount_rate=.inf", "--set discount_rate: expected a finite number, got inf"),
    ],
)
def test_a_careless_override_names_it(write, base, override, expected):
    assert str(_one(write(base), [override])).startswith(expected)


@pytest.mark.parametrize("demand", ["1e40", "1e300"])
def test_plan_refuses_a_number_past_any_plan_and_writes_nothing(write, base, tmp_path, demand):
    """Such demand reached HiGHS as an 'infinite' bound and linopy failed reading the answer
    back: a traceback, not an error."""
    path = write(base)
    before = snapshot(tmp_path)
    r = cli("plan", path, "--set", f"demand.by_year.2030={demand}", "--no-report")
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "--set demand.by_year.2030: must be <= 1e+15" in r.output
    assert snapshot(tmp_path) == before


def _with_solar(base: dict) -> dict:
    base["power"]["solar"] = {"kind": "generator", "capex_usd_per_kw": 1000}
    base["sites"]["a"]["build"] = ["solar"]
    return base


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # what --set made is --set's, not the line of the file's nearest key
        (["sites.b.max_facility_gw=1"], "--set sites.b.country: required field is missing"),
        (["years.start=2040"], "--set years: end (2030) must be >= start (2040)"),
        (["sites.a.build.1=solar"], "--set sites.a.build.1: sites.a.build is a list of 1 item(s) "
         "(indexes 0 to 0), got '1'; give an index, or the whole list: sites.a.build=[a, b]"),
        (["sites.a.build.first=solar"], "--set sites.a.build.first: sites.a.build is a list"),
        (["sites.a.build.0=wind"], "--set sites.a.build.0: unknown power technology 'wind'"),
        (["sites.a.build=[]", "sites.a.build.0=solar"],
         "--set sites.a.build.0: sites.a.build is a list of 0 item(s) (indexes none: it is empty)"),
    ],
)  # fmt: skip
def test_set_names_what_it_wrote(write, base, overrides, expected):
    assert str(_one(write(_with_solar(base)), overrides)).startswith(expected)


def test_set_an_item_of_a_list(write, base):
    base = _with_solar(base)
    base["power"]["wind"] = {"kind": "generator", "capex_usd_per_kw": 1500}
    path = write(base)
    assert load_scenario(path, ["sites.a.build.0=wind"]).sites["a"].build == ["wind"]
    assert load_scenario(path, ["sites.a.build.0=null"]).sites["a"].build == []


@pytest.mark.parametrize(
    ("files", "validated", "expected"),
    [
        ({"a.yaml": "b.yaml", "b.yaml": "a.yaml"}, "a.yaml",
         "b.yaml:2 extends: extends cycle: a.yaml -> b.yaml -> a.yaml; a scenario cannot extend"),
        ({"a.yaml": "a.yaml"}, "a.yaml", "a.yaml:2 extends: extends cycle: a.yaml -> a.yaml;"),
        ({"a.yaml": "b.yaml", "b.yaml": "c.yaml", "c.yaml": "b.yaml"}, "a.yaml",
         "c.yaml:2 extends: extends cycle: a.yaml -> b.yaml -> c.yaml -> b.yaml;"),
    ],
)  # fmt: skip
def test_an_extends_cycle_names_the_line_that_closes_it(tmp_path, files, validated, expected):
    for name, parent in files.items():
        (tmp_path / name).write_text(f"flopgrid: 1\nextends: {parent}\n")
    r = cli("scenarios", "validate", tmp_path / validated)
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert expected in r.output.replace(str(tmp_path) + "/", ""), r.output
