"""Why a model is infeasible: re-solve with penalised slack on every limit and name the
rows whose slack is in use, with the scenario fields behind them (from the records)."""

from __future__ import annotations

import numpy as np

from ..units import fmt_num
from .build import PlanModel
from .families import RECORDS


def diagnose(pm_elastic: PlanModel) -> list[dict]:
    """Rows whose slack an elastic solve had to use: the limits that cannot all hold."""
    found = []
    m = pm_elastic.model
    for name in m.variables:
        if not name.startswith("slack_"):
            continue
        family = name.removeprefix("slack_")
        sol = m.variables[name].solution.fillna(0.0)
        rows: list[tuple[dict, float]] = []
        if sol.ndim == 0:
            if float(sol) > 1e-7:
                rows = [({}, float(sol))]
        else:
            used = sol.where(sol > 1e-7, drop=True)
            if used.size:
                stacked = used.stack(_r=list(used.dims))
                for i in range(stacked.sizes["_r"]):
                    cell = stacked.isel(_r=i)
                    if np.isfinite(cell.item()) and cell.item() > 1e-7:
                        rows.append(({d: cell[d].item() for d in used.dims}, float(cell.item())))
        if not rows:
            continue
        record = RECORDS[family]
        where = {k: str(v) for k, v in rows[0][0].items()}
        fields = [_fill(f, where) for f in record.fields]
        found.append({"family": family, "unit": record.row_unit, "rows": rows, "fields": fields})
    return found


def _fill(template: str, where: dict) -> str:
    for key in ("site", "country", "region", "tenant", "tech", "pool", "group", "gen", "hbm_user"):
        template = template.replace("{" + key + "}", where.get(key, "*"))
    return template


def infeasible_message(scenario: str, found: list[dict]) -> str:
    lines = [f"scenario {scenario!r} has no feasible plan, even with unserved compute."]
    if not found:
        lines.append(
            "No single constraint family explains it; check the existing fleet against every limit."
        )
    for item in found:
        where = []
        for coords, amount in item["rows"][:4]:
            label = ", ".join(f"{k}={v}" for k, v in coords.items())
            where.append(f"{label} (short by {fmt_num(amount, item['unit'])})")
        more = f" and {len(item['rows']) - 4} more" if len(item["rows"]) > 4 else ""
        lines.append(f"- {item['family']} cannot hold at {'; '.join(where)}{more}")
        lines.append(f"  scenario fields involved: {', '.join(item['fields'])}")
    return "\n".join(lines)
