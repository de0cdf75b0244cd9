"""A sweep's tables at 80 columns: metric and factor names whole (they were split
mid-word: 'peak_facility_p|ower_gw'), units in the headers, claims' numbers with prefixes."""

from __future__ import annotations

import pandas as pd
from rich.console import Console

from flopgrid.cli.fit import Col
from flopgrid.cli.sweep_tables import _print, _test_text


def _render(df: pd.DataFrame, cols: list[Col], how: dict | None = None) -> str:
    console = Console(width=80, record=True, color_system=None)
    _print(console, df, "a table", cols, how or {})
    return console.export_text()


def test_claim_tests_print_numbers_with_prefixes() -> None:
    assert _test_text("capex_usd <= 7e12") == "capex_usd <= 7 T"
    assert _test_text("accelerators_per_gw >= 400000") == "accelerators_per_gw >= 400 k"
    assert _test_text("new_fabs >= 36 and x2 <= 1.5") == "new_fabs >= 36 and x2 <= 1.5"


def test_long_names_print_whole_and_lines_fit() -> None:
    factor = "scale(supply.fabs.tsmc-taiwan-n2.capex_usd)"
    df = pd.DataFrame(
        [{"factor": factor, "low": 4.574e12, "high": 4.06e12, "swing": 5.143e11, "rho": -0.4}]
    )
    cols = [Col("factor")] + [Col(f"{h} USD (NPV)", "right") for h in ("low", "high", "swing")]
    cols += [Col("spearman", "right", priority=1)]
    text = _render(df, cols, {"rho": lambda v: f"{v:+.2f}"})
    assert all(len(line) <= 80 for line in text.splitlines()), text
    assert "…" not in text
    assert any(factor in line for line in text.splitlines()), text
    assert "4.574 T" in text and "514.3 B" in text
    metric = pd.DataFrame(
        [{"metric": "peak_facility_power_gw", "unit": "accelerators per GW", "p50": 163.2}]
    )
    text = _render(metric, [Col("metric"), Col("unit", wrap=True, min_width=8), Col("p50")])
    assert "peak_facility_power_gw" in text
