"""With tenants, the report's key assumptions show each tenant's demand and the value its
unserved compute is charged at, not the demand's default penalty that no tenant pays."""

from __future__ import annotations

from types import SimpleNamespace

import flopgrid
from flopgrid.report.sources import assumptions


def test_tenants_demand_and_value_are_the_assumptions_shown() -> None:
    scn = flopgrid.load_scenario("abu-dhabi-5gw").model_dump(mode="json")
    rows = dict(assumptions(SimpleNamespace(scenario=scn, meta={})))
    # the run charges openai's unserved compute at its own value (README, tenants)
    assert rows["Penalty on unserved compute of openai"].startswith("25.8 k USD per h100e-year")
    assert rows["Demand of openai [h100e]"] == "2025: 0, 2026: 250 k, 2027: 2.07 M"
    assert "Penalty on unserved compute" not in rows  # 100 k USD: no tenant's value
    assert "Demand [h100e]" not in rows  # demand.by_year is null: it is given per tenant


def test_without_tenants_the_demand_and_its_penalty_are_shown() -> None:
    scn = flopgrid.load_scenario("destiny-5gw").model_dump(mode="json")
    rows = dict(assumptions(SimpleNamespace(scenario=scn, meta={})))
    assert rows["Penalty on unserved compute"] == "100 k USD per h100e-year"
    assert rows["Demand [h100e]"].startswith("2027: 0, 2028: 10.3 M")
