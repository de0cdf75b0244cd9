"""A mistyped validation cases file is bad input: exit 2 with file, line, case and field,
before anything is planned (a text value was a traceback; an unknown key, a duplicate key,
a negative tolerance or a missing scenario file were taken, or failed as a figure)."""

from __future__ import annotations

import pytest

from ..conftest import CASES
from ..helpers import cli

GOOD = f"""\
cases:
  - id: one
    figure: energy
    value: 8.41
    tolerance: 0.1
    unit: TWh
    source: me
    scenario: {CASES / "one_site.yaml"}
    path: [by_year, energy_twh]
    year: 2030
"""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("value: 8.41", "value: lots", "cases.yaml:4 cases[0] (one).value: expected a finite "
         "number, got 'lots'"),
        ("value: 8.41", "value: .nan", "cases.yaml:4 cases[0] (one).value: expected a finite "
         "number, got nan"),
        ("tolerance: 0.1", "tolerance: -0.1", "cases.yaml:5 cases[0] (one).tolerance: expected a "
         "number > 0 (relative, e.g. 0.15), got -0.1"),
        ("one_site.yaml", "nowhere.yaml", "cases.yaml:8 cases[0] (one).scenario: no file"),
        ("    year: 2030", "    year: 2030\n    colour: red",
         "cases.yaml:11 cases[0] (one).colour: unknown key (valid: id, figure"),
        ("    year: 2030", "    year: 2030\n    tolerence: 0.2",
         "cases.yaml:11 cases[0] (one).tolerence: unknown key; did you mean 'tolerance'?"),
        ("    unit: TWh", "    unit: TWh\n    unit: GWh",
         "cases.yaml:7 cases.0.unit: duplicate key (first given on line 6)"),
        ("    year: 2030", "    year: 2030\n    range: [1, 2]",
         "cases.yaml:2 cases[0] (one): give exactly one of value, range"),
        ("year: 2030", "year: twenty", "cases.yaml:10 cases[0] (one).year: expected a year "
         "1990-2100, got 'twenty'"),
        ("    year: 2030", "    year: 2030\n    gate: maybe",
         "cases.yaml:11 cases[0] (one).gate: expected true or false, got 'maybe'"),
        ("    year: 2030", "    year: 2030\n    group: held-out",
         "cases.yaml:11 cases[0] (one).group: expected one of calibrated, held_out, got "
         "'held-out'"),
        ("path: [by_year, energy_twh]", "path: 5", "cases.yaml:9 cases[0] (one).path: expected "
         "a.b, [a, b] or a list of such lists, got 5"),
    ],
)  # fmt: skip
def test_a_mistyped_case_is_refused_before_planning(tmp_path, old, new, expected):
    assert old in GOOD
    path = tmp_path / "cases.yaml"
    path.write_text(GOOD.replace(old, new))
    r = cli("validate", path, "--json", tmp_path / "out.json")
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert f"error: {tmp_path}/{expected}" in " ".join(r.output.split()), r.output
    assert not (tmp_path / "out.json").exists()  # nothing planned, nothing written
