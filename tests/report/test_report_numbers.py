"""The report prints its numbers as the terminal does: prefixes and units, never
e-notation (Python's and plotly's ".3g" print 7530 as 7.53e+03 / 7.53e+3)."""

from __future__ import annotations

import copy
import re

import pytest

import flopgrid
from flopgrid.report import write_report
from flopgrid.report.figures import headline_rows

E_NOTATION = re.compile(r"\b\d+(\.\d+)?[eE][+-]?\d+\b")


@pytest.fixture(scope="module")
def big() -> flopgrid.Result:
    """The one-site plan with the flagship's scale of totals and a marginal value in the
    thousands (a gas turbine's capacity, USD per MWh)."""
    from tests.conftest import CASES

    one = flopgrid.plan(CASES / "one_site.yaml")
    summary = copy.deepcopy(one.summary)
    summary["totals"].update(
        energy_twh=7530.2,
        emissions_mt=3754.1,
        water_consumption_gl=6916.0,
        water_withdrawal_gl=9407.0,
    )
    summary["by_year"]["land_km2"] = [1460.0] * len(summary["years"])
    summary["marginal_values"]["energy_balance"]["by_place"]["a"] = [2780.4]
    return flopgrid.Result(one.data, one.meta, one.scenario, summary=summary)


def test_headline_numbers_carry_prefixes(big) -> None:
    rows = dict(headline_rows(big))
    assert rows["Energy used, all years"] == "7.53 k TWh"
    assert rows["Emissions, all years"] == "3.75 k Mt CO2e"
    assert rows["Peak land used"] == "1.46 k km²"
    assert rows["Water, all years (own + for grid energy)"] == (
        "6.92 k GL consumed, 9.41 k GL withdrawn"
    )
    assert not any(E_NOTATION.search(v) for v in rows.values()), rows


def test_report_text_and_hovers_have_no_e_notation(big, tmp_path) -> None:
    html = write_report(big, tmp_path / "report.html").read_text(encoding="utf-8")
    page = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", page)
    assert "2,780" in text  # the marginal value, in full
    assert not E_NOTATION.search(text), E_NOTATION.search(text).group(0)
    # hovers and labels the browser formats: d3's "g" type would print 7.53e+3
    assert ":.3g}" not in html and ":,.3~r}" in html
