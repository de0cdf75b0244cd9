"""What a constraint family means, written once: the record every reader shares.

A :class:`Family` travels with each Result (``meta["families"]``), so that the bottleneck
ranking, the infeasibility report, the report's labels and the docs all read the same
words and units, and none of them needs the model that produced the duals. This module
imports nothing heavy: results and report read it without loading the model stack.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

#: ``limit``: a cap a scenario sets (ranked as a bottleneck when it binds);
#: ``balance``: a supply-and-use balance (its dual is a marginal price, not a bottleneck);
#: ``definition``: an equality naming a quantity (no economic meaning of its own);
#: ``demand``: what must be served (its dual is the marginal cost of compute);
#: ``shortfall``: a reason for unserved compute that no dual shows (a lead time, say).
Kind = Literal["limit", "balance", "definition", "demand", "shortfall"]


@dataclass(frozen=True)
class Family:
    """One constraint family of a model, as people read it.

    Attributes
    ----------
    name
        The family's name in the model, the results (``dual_<name>``) and the report.
    kind
        See :data:`Kind`.
    meaning
        What a row says, in one line with its units (the README's constraint table).
    dims
        The index sets of its rows.
    row_unit
        The unit of a row's two sides in the model (its dual is B USD of present value
        per this unit).
    label
        How a sentence names it: "the campus cap".
    value_unit
        The unit people read the marginal value in: "B USD per GW".
    value_per_dual
        Marginal value in ``value_unit`` = |dual| x this.
    relief
        What one unit more of the limit would be: "one more GW of facility power allowed".
    place
        How a row's place is said, with ``{where}``: "at {where}".
    size
        What sizes a row when rows are ranked by rent (|dual| x size, B USD): ``rhs`` (the
        limit itself) or the name of a result array in the row's model unit.
    fields
        Scenario fields behind the family, with ``{site}`` / ``{country}`` placeholders
        (named when a model is infeasible).
    """

    name: str
    kind: Kind
    meaning: str
    dims: tuple[str, ...]
    row_unit: str
    label: str
    value_unit: str
    value_per_dual: float
    relief: str
    place: str = ""
    size: str = "rhs"
    fields: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """Plain JSON-able form (lists for tuples), as stored in a run's meta."""
        out = asdict(self)
        out["dims"] = list(self.dims)
        out["fields"] = list(self.fields)
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Family:
        return cls(**{**data, "dims": tuple(data["dims"]), "fields": tuple(data["fields"])})


def markdown_table(families: list[Family]) -> str:
    """The README's constraint table: one row per family, from the records."""
    lines = [
        "| constraint family | kind | rows over | unit | meaning |",
        "|---|---|---|---|---|",
    ]
    for f in families:
        dims = ", ".join(f.dims) if f.dims else "-"
        lines.append(f"| `{f.name}` | {f.kind} | {dims} | {f.row_unit} | {f.meaning} |")
    return "\n".join(lines)


def bottleneck(
    constraint: str,
    where: str,
    years: list[int],
    value: float,
    unit: str,
    rents_usd: list[float],
    explanation: str,
    tech: str | None = None,
) -> dict:
    """One entry of summary.json's ``bottlenecks``: a family (or a shortfall reason) that
    binds at one place over a span of consecutive years, with its rent in each year
    [USD, present value]; ``year`` is the span's first year."""
    return {
        "constraint": constraint,
        "where": where,
        "tech": tech,
        "year": years[0],
        "years": list(years),
        "value": value,
        "unit": unit,
        "rent_usd": float(sum(rents_usd)),
        "rent_by_year_usd": [float(r) for r in rents_usd],
        "explanation": explanation,
    }
