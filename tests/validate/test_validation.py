"""Validation cases: loading, field paths, pass/fail arithmetic and the CLI."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from flopgrid.audit.validation import evaluate, field_value, load_cases, run_cases
from flopgrid.cli import app
from flopgrid.errors import FlopgridError

SUMMARY = {
    "years": [2024, 2030],
    "by_year": {"energy_twh": [400.0, 1000.0]},
    "by_region": {"A. B": {"energy_twh": [10.0, 20.0]}, "C": {"energy_twh": [1.0, 2.0]}},
}


def test_evaluate_relative_tolerance():
    case = {"value": 945, "tolerance": 0.10, "unit": "TWh"}
    assert evaluate(case, 1000.0) == (True, "+5.8%")
    assert evaluate(case, 1050.0) == (False, "+11.1%")
    assert evaluate(case, 851.0)[0] is True
    assert evaluate(case, 850.0)[0] is False


def test_evaluate_range():
    case = {"range": [325, 580], "unit": "TWh"}
    assert evaluate(case, 352.0) == (True, "within range")
    assert evaluate(case, 300.0) == (False, "-25 TWh outside")


def test_field_paths():
    assert field_value(SUMMARY, {"path": "by_year.energy_twh", "year": 2030}) == 1000.0
    # a list path reaches keys with dots in them
    assert field_value(SUMMARY, {"path": ["by_region", "A. B", "energy_twh"], "year": 2024}) == 10
    # a list of paths is summed
    both = [["by_region", "A. B", "energy_twh"], ["by_region", "C", "energy_twh"]]
    assert field_value(SUMMARY, {"path": both, "year": 2030}) == 22.0


def test_load_cases_rejects_bad_cases(tmp_path):
    path = tmp_path / "cases.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "cases": [
                    {
                        "id": "x",
                        "figure": "f",
                        "unit": "TWh",
                        "source": "s",
                        "scenario": "y",
                        "path": "a",
                        "value": 1,
                    }
                ]
            }
        )
    )
    with pytest.raises(FlopgridError, match="needs a tolerance"):
        load_cases(path)


class _Fake:
    summary = SUMMARY


def test_run_cases_plans_each_scenario_once():
    calls = []

    def plan_fn(source, overrides):
        calls.append(source)
        return _Fake()

    cases = [
        {
            "id": "a",
            "figure": "f",
            "unit": "TWh",
            "source": "s",
            "scenario": "x",
            "path": "by_year.energy_twh",
            "year": 2024,
            "value": 415,
            "tolerance": 0.1,
        },
        {
            "id": "b",
            "figure": "f",
            "unit": "TWh",
            "source": "s",
            "scenario": "x",
            "path": "by_year.energy_twh",
            "year": 2030,
            "value": 945,
            "tolerance": 0.05,
        },
        {
            "id": "c",
            "figure": "f",
            "unit": "TWh",
            "source": "s",
            "scenario": "x",
            "path": "by_year.nope",
            "year": 2030,
            "value": 1,
            "tolerance": 0.05,
        },
    ]
    got = run_cases(cases, plan_fn=plan_fn)
    assert calls == ["x"]
    assert [r.passed for r in got] == [True, False, False]
    assert got[1].difference == "+5.8%"
    assert "no field" in got[2].error


def _cases_file(tmp_path, value):
    # the one-site hand case: 1 M accelerators x 1 kW x PUE 1.2 x 0.8 x 8760 h = 8.4096 TWh
    from tests.conftest import CASES

    path = tmp_path / "cases.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "cases": [
                    {
                        "id": "one-site-energy",
                        "figure": "energy",
                        "value": value,
                        "unit": "TWh",
                        "tolerance": 0.01,
                        "source": "by hand",
                        "scenario": str(CASES / "one_site.yaml"),
                        "path": "by_year.energy_twh",
                        "year": 2030,
                    }
                ]
            }
        )
    )
    return path


def test_cli_passes_and_fails(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(app, ["validate", str(_cases_file(tmp_path, 8.4096))])
    assert ok.exit_code == 0, ok.output
    assert "one-site-energy" in ok.output and "pass" in ok.output
    bad_path = _cases_file(tmp_path, 9.5)
    out = tmp_path / "results.json"
    bad = runner.invoke(app, ["validate", str(bad_path), "--json", str(out)])
    assert bad.exit_code == 1
    assert "0 of 1 cases pass; failing: one-site-energy" in bad.output
    (row,) = json.loads(out.read_text())
    assert row["difference"] == "-11.5%" and row["passed"] is False  # 8.4096 vs 9.5
    allowed = runner.invoke(app, ["validate", str(bad_path), "--allow-fail"])
    assert allowed.exit_code == 0


def test_cli_bad_cases_file(tmp_path):
    result = CliRunner().invoke(app, ["validate", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
