"""Claims of the seed plans, checked against every future of a sweep.

A claim is ``"TEXT: EXPR"``, EXPR comparisons of a run's headline results joined by
``and`` / ``or`` (``and`` binds first), e.g. ``"36 new fabs are needed: new_fabs >= 36"``.
Metrics are the run store's totals (:data:`METRICS`) and ``accelerators_per_gw``
(peak accelerators per GW of peak facility power).
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .design import DesignError

#: headline results of a run (columns of the run store's ``runs`` table) and their units
METRICS = {
    "objective_usd": "USD (NPV)",
    "capex_usd": "USD",
    "peak_accelerators": "accelerators",
    "peak_facility_power_gw": "GW",
    "energy_twh": "TWh",
    "emissions_mt": "Mt CO2e",
    "new_fabs": "fabs",
    "unserved_h100e_years": "h100e-years",
    "accelerators_per_gw": "accelerators per GW",
}

#: what each seed scenario's plan claims (reference/figures.md); every sweep also checks
#: that all demanded compute is served
SEED_CLAIMS = {
    "global-36-fabs": [
        "36 new fabs are needed: new_fabs >= 36",
        "7 T USD covers the build-out: capex_usd <= 7e12",
    ],
    "destiny-5gw": [
        "5 GW holds 2M accelerators (400k per GW): accelerators_per_gw >= 4e5",
        "100 B USD per 5 GW campus (20 B USD per GW) is enough: "
        "capex_usd <= 2e10 * peak_facility_power_gw",
    ],
    "abu-dhabi-5gw": [
        "5 GW holds more than 1M accelerators: "
        "peak_accelerators >= 1e6 and peak_facility_power_gw <= 5",
    ],
    "stargate-us": [
        "500 B USD is enough: capex_usd <= 5e11",
        "about 10 GW of data centers: peak_facility_power_gw <= 10",
    ],
    "japan-nuclear": ["5 GW of AI data centers: peak_facility_power_gw >= 5"],
    "north-sea-wind": ["7 GW of offshore wind powers the campuses: peak_facility_power_gw <= 7"],
}
ALWAYS = ["all demanded compute is served: unserved_h100e_years <= 1"]

_OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "==": operator.eq}
_TERM = re.compile(r"^\s*(\w+)\s*(>=|<=|==|>|<)\s*([-+0-9.eE]+)\s*(?:\*\s*(\w+))?\s*$")


def with_derived(df: pd.DataFrame) -> pd.DataFrame:
    """Run rows with the derived metrics added."""
    out = df.copy()
    if "peak_accelerators" in out:
        gw = out["peak_facility_power_gw"].astype(float)
        out["accelerators_per_gw"] = np.where(gw > 0, out["peak_accelerators"] / gw, np.nan)
    return out


def _term(text: str, df: pd.DataFrame) -> pd.Series:
    match = _TERM.match(text)
    if not match:
        raise DesignError(f"cannot read claim term {text.strip()!r}; e.g. new_fabs >= 36")
    metric, op, number, times = match.groups()
    for name in (metric, times):
        if name and name not in METRICS:
            raise DesignError(f"unknown metric {name!r}; known: {', '.join(METRICS)}")
    try:
        value = float(number)
    except ValueError:
        raise DesignError(f"claim term {text.strip()!r}: {number!r} is not a number") from None
    bound = value * (df[times].astype(float) if times else 1.0)
    return _OPS[op](df[metric].astype(float), bound)


def evaluate(expr: str, df: pd.DataFrame) -> pd.Series:
    """A boolean per run: does the claim hold in that future?"""
    result: pd.Series | None = None
    for alternative in re.split(r"\bor\b", expr):
        terms = [_term(term, df) for term in re.split(r"\band\b", alternative)]
        part = functools.reduce(operator.and_, terms)
        result = part if result is None else result | part
    assert result is not None
    return result


def parse_claim(claim: str) -> tuple[str, str]:
    """``"TEXT: EXPR"`` as (text, expr)."""
    if ":" not in claim:
        raise DesignError(f"a claim is 'TEXT: EXPR', got {claim!r}")
    text, expr = claim.rsplit(":", 1)
    return text.strip(), expr.strip()


def check_claim(claim: str, where: str = "--claim") -> None:
    """Raise :class:`DesignError` naming the claim unless it reads: checked before a sweep
    is recorded, not when its report is drawn after every task ran."""
    try:
        text, expr = parse_claim(claim)
        if not text:
            raise DesignError("TEXT is empty: say what is claimed, e.g. '36 fabs: new_fabs >= 36'")
        evaluate(expr, pd.DataFrame(columns=list(METRICS), dtype=float))
    except DesignError as exc:
        raise DesignError(f"{where} {claim!r}: {exc}") from None


def claims_for(scenario: str, extra: Sequence[str] = ()) -> list[str]:
    """The seed claims of a scenario (by its name), the general ones and the user's."""
    return [*SEED_CLAIMS.get(scenario, []), *ALWAYS, *extra]


def check_claims(claims: list[str], runs: pd.DataFrame) -> pd.DataFrame:
    """Share of futures (finished runs) in which each claim holds."""
    df = with_derived(runs)
    rows = []
    for claim in claims:
        text, expr = parse_claim(claim)
        holds = evaluate(expr, df) if len(df) else pd.Series(dtype=bool)
        rows.append(
            {
                "claim": text,
                "test": expr,
                "holds": int(holds.sum()),
                "futures": len(df),
                "share": float(holds.mean()) if len(df) else float("nan"),
            }
        )
    return pd.DataFrame(rows)
