"""A mistyped claims file for `flopgrid audit`: exit 2 with file, line, claim and field
(a text or a mapping where a number was expected was a traceback; NaN and negative numbers
got a verdict; unknown and duplicate keys and params the check never reads were taken)."""

from __future__ import annotations

import pytest

from ..helpers import cli

GOOD = """\
claims:
  - id: five
    claim: "5 GW is 1000 typical data centers"
    source: me
    check: scale_ratio
    params:
      power_gw: 5
      ratio: 1000
      typical: iea_average_dc
      hyperscale: iea_hyperscale_dc
"""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("power_gw: 5", "power_gw: five",
         "claims.yaml:7 claims[0] (five).params.power_gw: expected a number > 0, got 'five'"),
        ("power_gw: 5", "power_gw: -5", "claims[0] (five).params.power_gw: expected a number > "
         "0, got -5"),
        ("power_gw: 5", "power_gw: .nan", "(five).params.power_gw: expected a number > 0, got nan"),
        ("    params:", "    params: 5\n    xparams:",
         "claims.yaml:6 claims[0] (five).params: expected a mapping of the check's numbers, got 5"),
        ("    check: scale_ratio", "    check: scale_ratio\n    colour: red",
         "claims.yaml:6 claims[0] (five).colour: unknown key (valid: id, claim, source, check"),
        ("      ratio: 1000", "      ratio: 1000\n      ratio: 10",
         "claims.yaml:9 claims.0.params.ratio: duplicate key (first given on line 8)"),
        ("      ratio: 1000\n", "", "claims.yaml: claims[0] (five): its check 'scale_ratio' needs "
         "params.ratio or a reference of that name, and there is none"),
        ("      ratio: 1000", "      ratoi: 1000",
         "claims.yaml:8 claims[0] (five).params.ratoi: 'scale_ratio' takes no param 'ratoi'; "
         "did you mean 'ratio'? (it takes: power_gw, ratio, typical, hyperscale)"),
    ],
)  # fmt: skip
def test_a_mistyped_claim_is_refused(tmp_path, old, new, expected):
    assert old in GOOD
    path = tmp_path / "claims.yaml"
    path.write_text(GOOD.replace(old, new))
    r = cli("audit", path, "--no-plan", "--json", tmp_path / "out.json")
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert expected in " ".join(r.output.split()), r.output
    assert not (tmp_path / "out.json").exists()


def test_a_good_claims_file_still_passes(tmp_path):
    path = tmp_path / "claims.yaml"
    path.write_text(GOOD)
    r = cli("audit", path, "--no-plan")
    assert r.exit_code == 0 and "1 consistent" in r.output, r.output


@pytest.mark.parametrize(
    ("command", "option", "expected"),
    [
        (["audit", "CLAIMS", "--no-plan"], "--json", "is a folder; give the file to write, e.g. "
         "--json DIR/out.json"),
        (["validate", "CASES"], "--json", "is a folder; give the file to write"),
        (["sweep", "report", "sw-x", "--store", "s.duckdb"], "--html",
         "is a folder; give the file to write, e.g. --html DIR/report.html"),
    ],
)  # fmt: skip
def test_an_output_that_is_a_folder_is_refused_before_any_work(tmp_path, command, option,
                                                               expected):  # fmt: skip
    """--json DIR was a traceback (IsADirectoryError), after every case had been planned."""
    (tmp_path / "claims.yaml").write_text(GOOD)
    (tmp_path / "cases.yaml").write_text("cases: []\n")
    (tmp_path / "DIR").mkdir()
    args = [{"CLAIMS": "claims.yaml", "CASES": "cases.yaml"}.get(a, a) for a in command]
    r = cli(*args, option, "DIR")
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert f"error: {option} DIR {expected}" in " ".join(r.output.split()), r.output


def test_a_json_output_in_a_new_folder_is_written(tmp_path):
    (tmp_path / "claims.yaml").write_text(GOOD)
    r = cli("audit", "claims.yaml", "--no-plan", "--json", "new/folder/out.json")
    assert r.exit_code == 0 and (tmp_path / "new" / "folder" / "out.json").exists()
