"""One number formatter (units.fmt_num and friends) and tables that fit (cli/fit.py)."""

from __future__ import annotations

import random
import re

import pytest
from rich.console import Console

from flopgrid.cli.fit import Col, fit_table
from flopgrid.units import column_unit, fmt_count, fmt_in, fmt_num, fmt_plain, fmt_usd


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (14120.0, "TWh", "14.1 k TWh"),
        (2.57e5, "km2", "257 k km2"),
        (1.412e4, "TWh", "14.1 k TWh"),
        (2.1e9, "USD", "2.1 B USD"),
        (-4.2e10, "USD", "-42 B USD"),
        (999.7, "GW", "1 k GW"),  # rounding that crosses a prefix takes the next one
        (0.000123, "GW", "0.000123 GW"),
        (6.65, "GW", "6.65 GW"),
        (0.0, "Mt CO2e", "0 Mt CO2e"),
        (350_000, "", "350 k"),
        (3e15, "USD", "3,000 T USD"),
        (None, "GW", "-"),
        (float("nan"), "GW", "-"),
    ],
)
def test_fmt_num(value, unit, text) -> None:
    assert fmt_num(value, unit) == text


def test_never_e_notation() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        v = rng.choice([-1, 1]) * 10 ** rng.uniform(-12, 20)
        for text in (fmt_num(v, "TWh"), fmt_usd(v), fmt_count(v), fmt_plain(v)):
            assert not re.search(r"\d[eE][+-]?\d", text), (v, text)


def test_column_unit_scales_a_column_by_its_largest_value() -> None:
    scale, label = column_unit([0, 2.57e9, 46.9e9], "USD")
    assert label == "B USD" and [fmt_in(v, scale) for v in (2.57e9, 46.9e9)] == ["2.57", "46.9"]
    assert column_unit([0.1, 4.17], "GW") == (1.0, "GW")


def _render(table, width: int) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(table)
    return console.export_text()


def test_fit_table_keeps_ids_whole_and_leaves_columns_out_by_priority() -> None:
    run_id = "20261201-085417-abu-dhabi-5gw-8b37246394"
    cols = [Col("run id"), Col("options", priority=2, wrap=True, min_width=12)]
    cols += [Col(f"metric {i}", "right", priority=3 + i) for i in range(6)]
    rows = [[run_id, "--milp --set discount_rate=0.05", *(fmt_usd(1.07e11),) * 6]]
    table, dropped = fit_table(cols, rows, 80)
    text = _render(table, 80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert run_id in text and "…" not in text
    assert "discount_rate=0.05" in text  # a short word never folds
    assert dropped == [f"metric {i}" for i in range(6) if f"metric {i}" not in text]
    assert dropped and dropped[-1] == "metric 5"  # the least important went first


@pytest.mark.parametrize("width", [60, 80, 120])
def test_fit_table_never_cuts(width) -> None:
    rng = random.Random(width)
    words = ["power", "GW", "discount_rate=0.07", "https://example.org/" + "x" * 60]
    cols = [Col("name"), Col("text", wrap=True, min_width=10)]
    cols += [Col(f"n{i}", "right", priority=i + 1) for i in range(8)]
    rows = [
        [f"site-{i}", " ".join(rng.choice(words) for _ in range(12))]
        + [fmt_num(rng.uniform(0, 1e6), "TWh") for _ in range(8)]
        for i in range(5)
    ]
    text = _render(fit_table(cols, rows, width)[0], width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "…" not in text
    assert all(f"site-{i}" in text for i in range(5))


def test_runs_compare_prints_a_change_as_validate_prints_a_difference() -> None:
    from flopgrid.audit.validation import evaluate
    from flopgrid.cli.compare import change

    assert change(100.799, 100.0, 1.0, 3) == "+0.8%"  # not '+0.799%'
    assert change(-38.8, -100.0, 1.0, 3) == "+61.2%"  # against the reference's size
    assert change(100.0, 100.0, 1.0, 3) == "same"
    assert change(2.0, 0.0, 1.0, 3) == "+2"  # no percentage of a zero reference
    case = {"value": 100.0, "tolerance": 0.01}
    assert evaluate(case, 100.799)[1] == change(100.799, 100.0, 1.0, 3)
