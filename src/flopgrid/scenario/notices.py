"""Things about a valid scenario worth a second look: warnings, never errors."""

from __future__ import annotations

from ..units import fmt_num
from .schema import Scenario


def _outside(by_year: dict | None, start: int, end: int) -> str | None:
    """A sentence when every year of a ``by_year`` table lies outside ``start..end``."""
    if not by_year or any(start <= int(y) <= end for y in by_year):
        return None
    years = sorted(int(y) for y in by_year)
    held = by_year[years[0]] if years[0] > end else by_year[years[-1]]
    side = "after" if years[0] > end else "before"
    listed = ", ".join(str(y) for y in years[:6]) + (" ..." if len(years) > 6 else "")
    return (
        f"gives only years {side} the horizon {start}-{end} ({listed}); its "
        f"{'first' if side == 'after' else 'last'} value, {fmt_num(held, digits=6)}, is held "
        "for every year of the horizon"
    )


def scenario_warnings(scn: Scenario) -> list[str]:
    """Warnings about ``scn``: demand tables that lie wholly outside the horizon."""
    start, end = scn.years.start, scn.years.end
    tables = [("demand.by_year", scn.demand.by_year)]
    tables += [(f"demand.regions.{r}.by_year", d.by_year) for r, d in scn.demand.regions.items()]
    tables += [(f"tenants.{t}.demand.by_year", v.demand.by_year) for t, v in scn.tenants.items()]
    out = []
    for path, table in tables:
        sentence = _outside(table, start, end)
        if sentence:
            out.append(f"{path} {sentence}")
    return out
