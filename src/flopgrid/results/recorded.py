"""A run as the run store records it: its headline figures and bottlenecks, without its
folder (what a sweep keeps of a run unless it was asked to ``--keep-runs``).

It carries the fields :mod:`flopgrid.cli.compare` reads from a :class:`~.result.Result`
(``kind``, ``meta``, ``path``, ``objective_usd``, ``summary["totals"]`` and
``summary["bottlenecks"]``), taken from the store's ``runs`` and ``run_bottlenecks`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: the headline figures the ``runs`` table keeps (the columns of the same names)
HEADLINE_COLUMNS = (
    "capex_usd",
    "peak_accelerators",
    "unserved_h100e_years",
    "new_fabs",
    "peak_facility_power_gw",
    "energy_twh",
    "emissions_mt",
)


@dataclass(frozen=True)
class RecordedRun:
    """A plan run's store rows: ``meta`` (run_id, scenario, overrides), its objective and a
    summary holding the headline totals and the bottlenecks in rank order."""

    kind: str
    meta: dict
    objective_usd: float
    summary: dict = field(default_factory=dict)
    path: Path | None = None


def recorded_run(row: dict, bottlenecks: list[dict]) -> RecordedRun:
    """A :class:`RecordedRun` from a ``runs`` row and its ``run_bottlenecks`` rows."""

    def number(key: str) -> float:
        v = row.get(key)
        return float("nan") if v is None else float(v)

    return RecordedRun(
        kind="dispatch" if row["kind"] == "dispatch" else "plan",
        meta={k: row[k] for k in ("run_id", "scenario", "overrides")},
        objective_usd=number("objective_usd"),
        summary={
            "totals": {k: number(k) for k in HEADLINE_COLUMNS},
            "bottlenecks": bottlenecks,
        },
    )
