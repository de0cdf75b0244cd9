"""`flopgrid data sources` prints each dataset value as it is written in the data: years
whole, numbers in full below a million, lists as their items, flags as YAML writes them."""

from __future__ import annotations

import re

import pytest

from flopgrid.cli.data_cmd import _value_text

from ..helpers import cli


@pytest.mark.parametrize(
    ("path", "value", "text"),
    [
        ("accelerators.GB200.available_from", 2025, "2025"),
        ("accelerators.GB200.available_until", 2026, "2026"),
        ("policy.export_rules.us-2022.from_year", 2022, "2022"),
        ("policy.export_rules.us-2022.until_year", 2030, "2030"),
        ("accelerators.GB200.tflops.bf16", 2500.0, "2,500"),
        ("accelerators.GB200.it_kw", 2.25, "2.25"),
        ("supply.fabs.tsmc-taiwan-n3.wafers_per_year", 240000, "240,000"),  # not a year
        ("supply.fabs.tsmc-taiwan-n3.capex_usd", 20e9, "20 B"),
        ("policy.export_rules.us-2022.active", True, "true"),
        (
            "policy.export_rules.us-2022.classes",
            ["us-advanced", "us-compliant"],
            "us-advanced, us-compliant",
        ),
        ("accelerators.GB200.node", "tsmc-n5", "tsmc-n5"),
    ],
)
def test_value_text(path, value, text) -> None:
    assert _value_text(path, value) == text


def test_data_sources_prints_years_whole(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = cli("data", "sources", "accelerators.GB200").output
    # the console's width is set when the module is first imported: the path may fold
    rows = [line for line in out.splitlines() if "GB200.avail" in line]
    assert len(rows) == 2, out  # available_from and available_until
    assert re.search(r"│ +2025 │", rows[0]) and re.search(r"│ +2026 │", rows[1]), rows
    assert not re.search(r"2\.02\d k", out)
