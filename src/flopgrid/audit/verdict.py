"""Verdicts on an implied quantity against a reference range.

- ``consistent``: within the range (widened by ``tol``), or beyond it on the side that
  does not flatter the claim by at most ``factor`` (a conservative claim);
- ``optimistic``: beyond the range on the side that flatters the claim (more chips, less
  money, land or power than the numbers allow), by at most ``factor``;
- ``inconsistent``: beyond the range by more than ``factor``, on either side.
"""

from __future__ import annotations

from typing import Literal

CONSISTENT = "consistent"
OPTIMISTIC = "optimistic"
INCONSISTENT = "inconsistent"

#: a value within this share of the range's ends counts as in range
TOLERANCE = 0.05
#: beyond this factor outside the range a claim is inconsistent
FACTOR = 2.0


def judge(
    value: float,
    low: float,
    high: float,
    flattering: Literal["low", "high"],
    tol: float = TOLERANCE,
    factor: float = FACTOR,
) -> tuple[str, str]:
    """(verdict, how far) for ``value`` against ``[low, high]``.

    ``flattering`` is the direction in which the value flatters the claim: ``"low"``
    when a smaller value is the better news (kW per chip, USD per GW, land), ``"high"``
    when a larger one is (jobs).
    """
    low, high = min(low, high), max(low, high)
    if low * (1 - tol) <= value <= high * (1 + tol):
        return CONSISTENT, "within the range"
    below = value < low
    off = low / value if below else value / high
    side = "below" if below else "above"
    flatters = below == (flattering == "low")
    how = f"{off:.2g}x {side} the range"
    if off > factor:
        return INCONSISTENT, how
    if flatters:
        return OPTIMISTIC, how
    return CONSISTENT, how + " (on the conservative side)"
