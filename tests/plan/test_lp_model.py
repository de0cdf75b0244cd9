"""The LP comparison itself: blind to term order and round-off, never to a change."""

from __future__ import annotations

from pathlib import Path

import pytest

from .lp_model import lp_differences, parse_lp

GOLDEN = Path(__file__).parent.parent / "golden"
TEXT = (GOLDEN / "one_site.lp").read_text()


def _diff(text: str) -> list[str]:
    return lp_differences(parse_lp(text), parse_lp(TEXT))


def test_reads_the_golden_file():
    m = parse_lp(TEXT)
    assert m.sense == "min"
    assert m.objective["unserved(all,2030)"] == 1000.0
    row = m.rows["compute_demand(2030,all)"]
    assert (row.sense, row.rhs) == (">=", 1.0)
    assert row.terms == {"unserved(all,2030)": 1.0, "compute(a,2030,all)": 1.0}
    assert m.bounds["it_power(a,2030)"] == (0.0, float("inf"))
    assert len(m.rows) == 9 and len(m.bounds) == 6


def test_term_order_labels_and_last_digits_do_not_matter():
    text = TEXT.replace(
        "+1.0 unserved(all,2030)#3\n+1.0 compute(a,2030,all)#5",
        "+1.0 compute(a,2030,all)#15\n+1.0 unserved(all,2030)#3",
    ).replace("+7.913924423842357 ", "+7.913924423842358 ")
    assert text != TEXT
    assert _diff(text) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("+7.913924423842357 ", "+7.913932 ", "objective: coefficient of accelerators_built"),
        ("<= 10.0", "<= 10.00001", "row site_cap(a,2030): right-hand side 10.00001"),
        (">= 1.0", "<= 1.0", "row compute_demand(2030,all): sense <=, golden >="),
        ("-8.4096 it_power", "-8.4096 datacenter_built", "row energy_balance(a,2030): term"),
        (
            "+1.2 datacenter_built(a,2030)#1\n<= 10.0",
            "+1.2 datacenter_built(a,2030)#1\n+1e-6 grid_import(a,2030)#2\n<= 10.0",
            "row site_cap(a,2030): term grid_import",
        ),
        (
            "+0.0 <=  unserved(all,2030)#3 <= +inf",
            "+0.0 <=  unserved(all,2030)#3 <= 5.0",
            "bounds of unserved(all,2030)",
        ),
        ("site_cap(a,2030)#5:", "site_cap(b,2030)#5:", "row site_cap(a,2030) only in the golden"),
    ],
)
def test_a_perturbed_model_fails(old, new, expected):
    assert old in TEXT
    diff = _diff(TEXT.replace(old, new))
    assert any(d.startswith(expected) for d in diff), diff


def test_integrality_is_compared():
    text = TEXT.replace("\nend", "\ngeneral\n unserved(all,2030)#3\nend")
    assert _diff(text) == ["variable unserved(all,2030) is integer only in the built model"]
