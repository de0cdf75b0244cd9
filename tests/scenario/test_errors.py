"""Every schema rule, given a bad input, gives a clear error: file, line, field, expectation."""

from __future__ import annotations

import pytest
import yaml

from flopgrid import load_scenario
from flopgrid.errors import ScenarioError

CHILD = """\
flopgrid: 1
name: child
extends: default
years: {start: 2026, end: 2030}
demand:
  by_year: {2026: 1000000, 2030: 3000000}
sites:
  abu-dhabi:
    country: AE
    max_facility_gw: 5
    land_km2: 25.9
    grid_import_gw: 5
"""


def problems(path, overrides=()):
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, overrides)
    return info.value.problems


def one(path, overrides=()):
    found = problems(path, overrides)
    assert len(found) == 1, found
    return found[0]


def test_valid_child_of_default(write):
    scn = load_scenario(write(CHILD))
    assert scn.name == "child"
    assert scn.sites["abu-dhabi"].max_facility_gw == 5
    assert "H100" in scn.accelerators  # inherited from the packaged dataset


def test_negative_capacity_names_file_line_field_and_expectation(write):
    path = write(CHILD.replace("max_facility_gw: 5", "max_facility_gw: -5"), "abu-dhabi.yaml")
    p = one(path)
    assert (p.path, p.line) == ("sites.abu-dhabi.max_facility_gw", 10)
    assert p.file.endswith("abu-dhabi.yaml")
    assert str(p).endswith("abu-dhabi.yaml:10 sites.abu-dhabi.max_facility_gw: must be > 0, got -5")


def test_unknown_key_suggests_the_closest_name(write):
    p = one(write(CHILD.replace("max_facility_gw: 5", "max_facilty_gw: 5")))
    assert p.path == "sites.abu-dhabi.max_facilty_gw"
    assert "did you mean 'max_facility_gw'" in p.message


def test_unknown_top_level_key(write):
    p = one(write(CHILD + "discount_rat: 0.05\n"))
    assert p.path == "discount_rat" and "did you mean 'discount_rate'" in p.message
    assert p.line == 13


def test_wrong_type(write):
    p = one(write(CHILD.replace("land_km2: 25.9", "land_km2: lots")))
    assert p.path == "sites.abu-dhabi.land_km2"
    assert p.message == "expected a number, got 'lots'" and p.line == 11


def test_years_out_of_range(write):
    p = one(write(CHILD.replace("end: 2030}", "end: 2300}")))
    assert p.path == "years.end" and "<= 2100" in p.message and p.line == 4


def test_years_in_wrong_order(write):
    p = one(write(CHILD.replace("{start: 2026, end: 2030}", "{start: 2030, end: 2026}")))
    assert p.path == "years" and "must be >= start" in p.message


def test_demand_year_out_of_range(write):
    p = one(write(CHILD.replace("2030: 3000000", "1800: 3000000")))
    assert p.path.startswith("demand.by_year") and ">= 1990" in p.message


def test_bad_country_code(write):
    p = one(write(CHILD.replace("country: AE", "country: uae")))
    assert p.path == "sites.abu-dhabi.country" and "ISO 3166" in p.message


def test_unknown_reference_suggests(write):
    text = CHILD + "    build: [solar]\n"
    p = one(write(text))
    assert p.path == "sites.abu-dhabi.build.0"
    assert "did you mean 'solar_pv'" in p.message and p.line == 13


def test_extends_cycle(write):
    write("flopgrid: 1\nextends: b.yaml\n", "a.yaml")
    path_b = write("flopgrid: 1\nextends: a.yaml\n", "b.yaml")
    p = one(path_b)
    assert p.path == "extends" and "cycle" in p.message


def test_missing_extends_file(write):
    p = one(write(CHILD.replace("extends: default", "extends: ./nowhere.yaml")))
    assert p.path == "extends" and p.line == 3 and "no scenario file" in p.message


def test_missing_scenario_file(tmp_path):
    p = one(tmp_path / "absent.yaml")
    assert "file not found" in p.message


def test_malformed_yaml_has_line_not_traceback(write):
    p = one(write(CHILD + "  bad: [unclosed\n"))
    assert "not valid YAML" in p.message and p.line is not None


def test_duplicate_key(write):
    p = one(write(CHILD + "discount_rate: 0.05\ndiscount_rate: 0.06\n"))
    assert "duplicate key" in p.message and p.line == 14


def test_missing_required_field(write):
    p = one(write(CHILD.replace("    max_facility_gw: 5\n", "")))
    assert p.path == "sites.abu-dhabi.max_facility_gw" and p.message == "required field is missing"


def test_share_above_one(write):
    p = one(write(CHILD + "policy: {min_clean_share: 1.5}\n"))
    assert p.path == "policy.min_clean_share" and "<= 1" in p.message


def test_several_problems_reported_together(write):
    text = CHILD.replace("max_facility_gw: 5", "max_facility_gw: -5").replace(
        "land_km2: 25.9", "land_km2: lots"
    )
    assert {p.path for p in problems(write(text))} == {
        "sites.abu-dhabi.max_facility_gw",
        "sites.abu-dhabi.land_km2",
    }


def test_set_override_changes_a_field(write):
    scn = load_scenario(write(CHILD), ["sites.abu-dhabi.max_facility_gw=3", "discount_rate=0.05"])
    assert scn.sites["abu-dhabi"].max_facility_gw == 3
    assert scn.discount_rate == 0.05


def test_set_override_by_year_key(write):
    scn = load_scenario(write(CHILD), ["demand.by_year.2030=5e6"])
    assert scn.demand.by_year == {2026: 1e6, 2030: 5e6}


def test_bad_set_override_is_reported_as_set(write):
    p = one(write(CHILD), ["sites.abu-dhabi.max_facility_gw=-1"])
    assert p.file == "--set" and "must be > 0" in p.message
    p = one(write(CHILD), ["sites.abu-dhabi.max_facilty_gw=1"])
    assert "did you mean 'max_facility_gw'" in p.message
    p = one(write(CHILD), ["no-equals-sign"])
    assert "PATH=VALUE" in p.message


def test_null_removes_an_inherited_entry(write):
    parent = write(CHILD, "parent.yaml")
    child = write(
        f"flopgrid: 1\nextends: {parent.name}\naccelerators: {{Rubin: null}}\n", "child.yaml"
    )
    scn = load_scenario(child)
    assert "Rubin" not in scn.accelerators and "H100" in scn.accelerators
    assert scn.name == "child"  # names are never inherited


def test_by_year_replaces_rather_than_merges(write):
    parent = write(CHILD, "parent.yaml")
    child = write(
        f"flopgrid: 1\nextends: {parent.name}\ndemand: {{by_year: {{2027: 7}}}}\n", "child.yaml"
    )
    assert load_scenario(child).demand.by_year == {2027: 7}


def test_scenario_is_frozen(write):
    scn = load_scenario(write(CHILD))
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises ValidationError
        scn.discount_rate = 0.5


def test_top_level_must_be_mapping(write):
    p = one(write(yaml.safe_dump([1, 2])))
    assert "mapping" in p.message


def test_unquoted_norway_gets_a_hint(write):
    p = one(write(CHILD.replace("country: AE", "country: NO")))
    assert p.path == "sites.abu-dhabi.country" and 'write country: "NO"' in p.message
