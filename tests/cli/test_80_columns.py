"""Output that fits 80 columns, as a user sees it: each command runs in a fresh process
with COLUMNS=80; every line fits, no cell is cut ("…" or "..."), ids print whole, and
numbers carry prefixes and units instead of e-notation."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ..conftest import CASES

pytestmark = pytest.mark.slow  # two plans and a four-run sweep, once for the module

ONE_SITE = str(CASES / "one_site.yaml")
#: 1.4e+04, 2.57E5, 3e-05: what a number must never look like
E_NOTATION = re.compile(r"\b\d+(\.\d+)?[eE][+-]?\d+\b")


def flopgrid(cwd: Path, *args: str) -> str:
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
    out = subprocess.run(
        [sys.executable, "-m", "flopgrid.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout + out.stderr


def _link(line: str) -> bool:
    """A line that is one link (printed whole, for the terminal to wrap)."""
    return re.fullmatch(r"\s*(https?://|flopgrid/)\S+(, section '[^']+')?", line) is not None


def fits(text: str, quotes: bool = False) -> None:
    """Every line within 80 columns, nothing cut, no e-notation (``quotes``: the text
    quotes sources that elide words with "...", so only rich's "…" would be a cut)."""
    long = [line for line in text.splitlines() if len(line) > 80 and not _link(line)]
    assert not long, long[:3]
    assert "…" not in text and (quotes or "..." not in text), text
    if quotes:  # sources quote commit hashes (@65e44851): check the cells flopgrid formats
        header = next(line for line in text.splitlines() if line.startswith("┃"))
        src = [c.strip() for c in header.split("┃")].index("source")
        rows = [line.split("│") for line in text.splitlines() if line.startswith("│")]
        text = "\n".join("│".join(r[:src] + r[src + 1 :]) for r in rows)
    assert not E_NOTATION.search(text), E_NOTATION.search(text).group(0)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, str]:
    """Two plans (one with --milp and --set), a four-run sweep that keeps its run folders,
    the commands that list them and the comparison of all six, run once for the module's
    tests."""
    cwd = tmp_path_factory.mktemp("eighty")
    got = {"plan": flopgrid(cwd, "plan", "abu-dhabi-5gw", "--no-report")}
    got["plan2"] = flopgrid(
        cwd, "plan", ONE_SITE, "--no-report", "--milp", "--set", "discount_rate=0.05"
    )
    got["sweep"] = flopgrid(
        cwd,
        "sweep",
        ONE_SITE,
        "--vary",
        "discount_rate=[0.03,0.05,0.07,0.09]",
        "--workers",
        "1",
        "--keep-runs",
    )
    got["sweep list"] = flopgrid(cwd, "sweep", "list")
    got["runs list"] = flopgrid(cwd, "runs", "list")
    ids = flopgrid(cwd, "runs", "sql", "SELECT run_id FROM runs ORDER BY run_id", "--json")
    got["run ids"] = json.dumps([r["run_id"] for r in json.loads(ids)])
    got["runs compare"] = flopgrid(cwd, "runs", "compare", *json.loads(got["run ids"]))
    cases = cwd / "cases.yaml"
    case = {"id": "one-site-energy", "figure": "energy of the one-site case", "unit": "TWh"}
    case.update(value=8.4096, tolerance=0.01, source="by hand (1 M x 1 kW x 1.2 x 0.8 x 8760 h)")
    case.update(scenario=ONE_SITE, path="by_year.energy_twh", year=2030)
    cases.write_text(yaml.safe_dump({"cases": [case]}))
    got["validate"] = flopgrid(cwd, "validate", str(cases))
    got["data sources --low"] = flopgrid(cwd, "data", "sources", "--low")
    return got


@pytest.mark.parametrize(
    "command",
    [
        "plan",
        "plan2",
        "sweep",
        "sweep list",
        "runs list",
        "runs compare",
        "validate",
        "data sources --low",
    ],
)
def test_fits_80_columns(outputs, command) -> None:
    fits(outputs[command], quotes=command == "data sources --low")


def test_plan_numbers_carry_prefixes_and_units(outputs) -> None:
    text = outputs["plan"]
    assert re.search(r"system cost \(NPV at 8%/yr to 2025\) +│ +\d[\d.]* B USD", text)
    assert re.search(r"energy over the horizon +│ +\d[\d.,]* (k )?TWh", text)
    for header in ("demand", "capex", "B USD", "TWh"):  # units in the headers
        assert header in text
    assert "left out at 80 columns" in text  # and says which columns did not fit


def test_runs_list_shows_whole_ids_and_options(outputs) -> None:
    text = outputs["runs list"]
    ids = json.loads(outputs["run ids"])
    assert len(ids) == 6  # two plans and the sweep's four runs
    lines = text.splitlines()
    for run_id in ids:
        assert any(run_id in line for line in lines), run_id  # on one line, whole
    assert "--milp" in text and "discount_rate=0.05" in text


def test_runs_compare_numbers_six_runs_and_prints_their_ids_whole(outputs) -> None:
    text = outputs["runs compare"]
    ids = json.loads(outputs["run ids"])
    lines = text.splitlines()
    for n, run_id in enumerate(ids, 1):  # the key: each id whole, on the line of its number
        assert any(re.match(rf"│ +{n} │ {re.escape(run_id)} ", line) for line in lines), run_id
    for unit in ("USD", "GW", "TWh", "Mt CO2e", "h100e-years"):  # units in the headers
        assert unit in text, unit
    # every figure of every run is printed (blocks repeat the run numbers)
    for header in ("system cost", "capex", "accelerators", "unserved", "new fabs", "energy"):
        assert header in text, header
    assert "left out" not in text
    blocks = len(re.findall(r"^headline figures", text, re.MULTILINE))
    numbers = [line for line in lines if re.match(r"│ +\d+ │ +[\d.,]+ │", line)]
    assert blocks >= 1 and len(numbers) == blocks * len(ids)  # a row a run in each block
    assert "same" in text or "%" in text  # changes against #1


def test_sweep_list_shows_the_id_resume_needs(outputs) -> None:
    sweep_id = re.search(r"sweep (sw-\S+): 4 tasks", outputs["sweep"]).group(1)
    assert any(sweep_id in line for line in outputs["sweep list"].splitlines())


def test_validate_keeps_value_difference_and_verdict(outputs) -> None:
    text = outputs["validate"]
    row = next(line for line in text.splitlines() if "one-site-energy" in line)
    assert "8.41 TWh" in row and "pass" in row
    assert re.search(r"[+-]\d+(\.\d+)?%", row)


def test_data_sources_low_prints_followable_references(outputs) -> None:
    text = outputs["data sources --low"]
    lines = text.splitlines()
    refs = [i for i, line in enumerate(lines) if re.match(r"\[\d+\] ", line)]
    assert refs
    for i in refs:  # title, publisher and year; then the link on a line of its own
        entry = " ".join(lines[i : i + 4])
        assert re.search(r"\b(19|20)\d\d\b|n\.d\.", entry), entry
        assert any(_link(line) for line in lines[i + 1 : i + 5]), entry
