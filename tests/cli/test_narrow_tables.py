"""The dispatch, finance and headroom tables at 80 columns: every line fits, no cell is
cut with "…", names print whole and money carries one unit per column."""

from __future__ import annotations

import re

import numpy_financial as npf
import pytest
from rich.console import Console

from flopgrid.cli.dispatch_cmd import print_dispatch
from flopgrid.cli.finance_cmd import member_table, tenant_table
from flopgrid.cli.fit import print_table

from ..helpers import cli


def _fits(text: str) -> None:
    assert all(len(line) <= 80 for line in text.splitlines()), text
    assert "…" not in text and "..." not in text, text


def _render(draw) -> str:
    console = Console(width=80, record=True, color_system=None)
    draw(console)
    return console.export_text()


def test_dispatch_tables_keep_work_names_whole() -> None:
    site = {
        "utilisation": 0.8,
        "energy_twh": 2.91,
        "curtailment_twh": 0.0,
        "cost_usd": 1.0e8,
        "emissions_mt": 1.99,
    }
    work = {"served_h100e_hours": 3.21e9, "unserved_h100e_hours": 0.0, "kind": "inference"}
    summary = {
        "scenario": "abu-dhabi-5gw",
        "year": 2030,
        "hours": 840,
        "by_site": {"abu-dhabi": site},
        "totals": site,
        "by_work": {
            "abu-dhabi-users": work,
            "training": dict(work, kind="training", unserved_h100e_hours=1.0e8),
        },
    }
    text = _render(lambda c: print_dispatch(c, summary))
    _fits(text)
    assert re.search(r"│ abu-dhabi-users +│ inference +│ +3\.21 B +│ +0 +│ +0% +│", text), text
    assert re.search(r"│ training .*│ +3\.02% +│", text), text
    # the money is what running the fleet costs over the hours dispatched, not its cost
    assert "running cost" in text, text
    assert "over the 840 h dispatched; capital and fixed O&M are in the plan" in " ".join(
        text.split()
    )


def test_finance_tables_fit_with_money_in_one_unit_per_column() -> None:
    tenant = {
        "delivered_h100e": [1.25e7],
        "unserved_h100e": [1.61e5],
        "cost_pv_usd": 3.05e10,
        "usd_per_h100e_year": 3406.0,
        "usd_per_accelerator_hour": 3.69,
        "unserved_penalty_pv_usd": 3.85e9,
    }
    member = {
        "capex_usd": [5.59e10],
        "opex_usd": [6.51e9],
        "revenue_usd": [3.51e11],
        "npv_usd": 2.16e11,
        "irr": 1.237,
        "payback_year": 2028,
    }
    summary = {
        "by_tenant": {"openai": tenant, "hyperscalers": dict(tenant, cost_pv_usd=4.23e10)},
        "by_member": {
            "g42": dict(member, cash_flow_usd=[-5.59e10, 2.89e11]),
            # revenue covers capex in every year: no outlay to earn a return on
            "hyperscalers": dict(member, irr=None, payback_year=None, cash_flow_usd=[0, 2.8e11]),
        },
    }
    for table in (tenant_table, member_table):
        cols, rows, title = table(summary)
        text = _render(
            lambda c, cols=cols, rows=rows, title=title: print_table(c, cols, rows, title)
        )
        _fits(text)
        assert "left out" not in text
        assert any(re.match(r"│ hyperscalers +│", line) for line in text.splitlines()), text
        assert "B USD" in text and not re.search(r"\d B USD", text)  # the unit is the header's
    cols, rows, title = tenant_table(summary)
    assert rows[0][3] == "30.5" and rows[1][3] == "42.3"
    # 30.5 B / 12.5 M h100e-yr is 2,440, not the 3,406 shown: the title says why (levelised)
    assert "levelised (cost NPV / NPV of what is served)" in title
    _, rows, _ = member_table(summary)
    assert [r[5] for r in rows] == ["123.7%", "n/a (no negative cash flow)"]


@pytest.mark.parametrize(
    ("flows", "why"),
    [
        ([-1.0, 2.0], ""),  # an IRR of 100%
        ([1.0, 2.0], "no negative cash flow"),
        ([-1.0, -2.0], "no positive cash flow"),
        ([0.0, 0.0], "no cash flow"),
        ([1.0, -3.0, 3.0], "no rate sets NPV to zero"),  # 3x^2 - 3x + 1 has no real root
    ],
)
def test_an_undefined_irr_says_why(flows, why) -> None:
    from flopgrid.results.members import irr_text

    irr = npf.irr(flows) if not why else None
    assert irr_text({"irr": irr, "cash_flow_usd": flows}) == (f"n/a ({why})" if why else "100.0%")


@pytest.mark.parametrize(
    ("flows", "payback", "expected"),
    [
        ([-3.0, 1.0, 2.0], 2027, "2027"),  # the cumulative flow turns 0 in the third year
        ([1.0, 2.0, 0.5], None, "n/a (never negative)"),  # nothing to pay back
        ([-3.0, 1.0, 1.0], None, "after 2027"),  # still -1 at the horizon's end
    ],
)
def test_payback_says_why_it_has_no_year(flows, payback, expected) -> None:
    from flopgrid.results.members import _payback, payback_text

    assert _payback(flows, [2025, 2026, 2027]) == payback
    assert payback_text({"payback_year": payback, "cash_flow_usd": flows}, 2027) == expected


def test_headroom_table_fits_80_columns(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = cli("headroom", "PJM", "--shares", "0.5", env={"COLUMNS": "80"}).output
    _fits(out)
    assert "hours-basis GW" in out  # the header whole, on one line


def test_validate_table_keeps_long_case_ids_whole() -> None:
    from flopgrid.cli.validate_cmd import _print_table

    row = {
        "id": "nvidia-dc-revenue-2024",
        "figure": "NVIDIA data-center revenue",
        "source": "NVIDIA",
        "target": 5.4e6,
        "unit": "accelerators",
        "tolerance": 0.3,
        "error": None,
        "flopgrid": 2.094e6,
        "difference": "-61.2%",
        "passed": False,
        "gate": False,
    }
    rows = [row, dict(row, id="ms-nvidia-units-2026", passed=True)]
    text = _render(lambda c: _print_table(c, "held out", rows, {}))
    _fits(text)
    lines = text.splitlines()
    for case in ("nvidia-dc-revenue-2024", "ms-nvidia-units-2026"):
        assert any(case in line for line in lines), text  # whole, on one line
    assert "-61.2%" in text  # the difference is kept
    assert "accelerators" in text and "accelerato\n" not in text


def _finding(n: int):
    from flopgrid.audit.finding import Finding

    long = "5 GW / 2,000,000 = 2.50 kW all-in per accelerator; the dataset gives " * 4
    return Finding(
        id=f"claim-{n}",
        claim="A 5 GW campus holds about two million AI chips",
        claim_source="Reuters, 2025, https://example.org/a-long-link-that-is-never-folded",
        implied="2.50 kW per accelerator",
        value=2.5,
        unit="kW/accelerator",
        reference="dataset: IT kW x PUE of GB200@liquid-ai, GB300@liquid-ai",
        reference_range=(2.7, 5.24) if n == 1 else (20.9, 20.9),
        verdict="optimistic",
        explanation=long + f"(claim {n})",
        sources=["derived: 2.7 kW all-in per GPU"],
        numbers={},
    )


def test_audit_at_80_columns_moves_the_numbers_below_the_table() -> None:
    from flopgrid.cli.audit_cmd import print_findings

    text = _render(lambda c: print_findings(c, [_finding(1), _finding(2)]))
    table = text[: text.index("the numbers")]
    _fits(table)
    assert "kW/accelerator" in table and "GB200@liquid-ai," in table  # words whole
    assert "20.9" in table and "20.9-20.9" not in table  # one value, once
    paragraphs = text[text.index("the numbers") : text.index("sources")]
    assert "1. 5 GW / 2,000,000" in paragraphs and "(claim 2)" in paragraphs
    _fits(paragraphs)


def test_audit_in_a_wide_terminal_keeps_the_numbers_in_the_table() -> None:
    from flopgrid.cli.audit_cmd import print_findings

    console = Console(width=200, record=True, color_system=None)
    print_findings(console, [_finding(1)])
    text = console.export_text()
    assert "the numbers" in text.splitlines()[1] + text.splitlines()[2]  # a header
    assert "\nthe numbers\n" not in text
