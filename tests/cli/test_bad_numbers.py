"""Numbers and text on the command line: out-of-range numbers refused before any work,
square brackets and control characters printed as they are."""

from __future__ import annotations

import pytest
import yaml

from ..conftest import CASES
from ..helpers import cli, snapshot


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["plan", CASES / "one_site.yaml", "--time-limit", "-1"], "--time-limit"),
        (["plan", CASES / "one_site.yaml", "--time-limit", "0"], "--time-limit"),
        (["plan", CASES / "one_site.yaml", "--top", "-3"], "--top"),
        (["runs", "show", "x", "--top", "-1"], "--top"),
        (["sweep", CASES / "one_site.yaml", "--vary", "discount_rate=[0.1]", "--samples", "-5"],
         "--samples"),
        (["sweep", CASES / "one_site.yaml", "--vary", "discount_rate=[0.1]", "--morris", "-1"],
         "--morris"),
        (["sweep", CASES / "one_site.yaml", "--vary", "discount_rate=[0.1]", "--seed", "-7"],
         "--seed"),
        (["sweep", CASES / "one_site.yaml", "--vary", "discount_rate=[0.1]", "--workers", "-2"],
         "--workers"),
        (["sweep", CASES / "one_site.yaml", "--vary", "discount_rate=[0.1]", "--levels", "1"],
         "--levels"),
        (["dispatch", "abu-dhabi-5gw", "--year", "-2030"], "--year"),
        (["headroom", "PJM", "--utilisation", "1.5"], "--utilisation"),
        (["headroom", "PJM", "--window-hours", "0"], "--window-hours"),
    ],
)  # fmt: skip
def test_out_of_range_numbers_are_refused(args, expected, tmp_path):
    before = snapshot(tmp_path)
    r = cli(*args)
    assert r.exit_code == 2, r.output
    assert "Invalid value" in r.output and expected in r.output
    assert snapshot(tmp_path) == before  # nothing planned, nothing written


@pytest.mark.parametrize(
    ("shares", "shown"), [("0.25,-1", "'-1'"), ("150", "'150'"), ("nan", "'nan'"), ("x", "'x'")]
)
def test_headroom_shares_are_percentages(shares, shown):
    r = cli("headroom", "PJM", "--shares", shares)
    assert r.exit_code == 2
    assert f"--shares: each share is a percentage in (0, 100], got {shown}" in r.output


@pytest.mark.parametrize(
    ("weeks", "expected"),
    [
        ("4-1", "--weeks: the range 4-1 runs backwards; write 1-4"),
        ("1-2-3", "--weeks: expected numbers like 1,26 or 1-4, got '1-2-3'"),
        ("x", "--weeks: expected numbers like 1,26 or 1-4, got 'x'"),
        ("0", "--weeks: weeks run from 1 to 52, got [0]"),
        ("50-53", "--weeks: weeks run from 1 to 52, got [53]"),
    ],
)
def test_bad_weeks_are_refused_before_planning(weeks, expected, tmp_path):
    r = cli("dispatch", "abu-dhabi-5gw", "--plan", "--weeks", weeks, "--store", tmp_path / "s")
    assert r.exit_code == 2 and expected in r.output, r.output
    assert not (tmp_path / "s").exists() and not (tmp_path / "runs").exists()


def test_square_brackets_print_as_they_are(write, base, tmp_path):
    base["title"] = "[red]not red[/red] and [/oops] [bold]x"
    path = write(base)
    store, out = tmp_path / "s.duckdb", tmp_path / "runs"
    r = cli("plan", path, "--set", "sites.a.build=[]", "--store", store, "--out", out,
            "--no-report")  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "[red]not red[/red] and [/oops] [bold]x" in r.output
    r = cli("runs", "list", "--store", store)
    assert r.exit_code == 0
    r = cli("runs", "sql", "SELECT '[/x] [b]y' AS t", "--store", store)
    assert r.exit_code == 0 and "[/x] [b]y" in r.output


def _unwrapped(output: str) -> str:
    """The output with rich's line folding undone (a long path may be cut anywhere)."""
    return output.replace("\n", "")


def test_square_brackets_in_an_error_print_as_they_are(tmp_path):
    r = cli("scenarios", "validate", tmp_path / "a[/b]c.yaml")
    assert r.exit_code == 2 and "a[/b]c.yaml" in _unwrapped(r.output)
    assert "file not found" in " ".join(r.output.split())
    r = cli("plan", tmp_path / "[bold]x[/bold].yaml")
    assert r.exit_code == 2 and "[bold]x[/bold].yaml" in _unwrapped(r.output)


def test_brackets_in_a_sweep_claim_print_as_they_are(tmp_path):
    data = yaml.safe_load((CASES / "one_site.yaml").read_text())
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data))
    r = cli(
        "sweep", path, "--vary", "discount_rate=[0.05]", "--claim", "[/x] cheap: objective_usd > 0",
        "--workers", "1", "--store", tmp_path / "runs" / "s.duckdb",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "[/x] cheap" in r.output
