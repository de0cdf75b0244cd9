"""Options of a planning run (frozen: pass it, never mutate it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: how a planning year is cut into time slices
Slicing = Literal["yearly", "periods", "full"]
#: which work may move in time within the plan's slices
Flexibility = Literal["none", "training", "all"]

#: representative days of the default (README "Time slices": measured error and time)
DEFAULT_PERIODS = 12


@dataclass(frozen=True)
class PlanOptions:
    """How to build and solve a planning model.

    Attributes
    ----------
    milp
        New fabs as integers (the default is an LP).
    solver
        Any solver linopy knows and has installed; ``highs`` by default.
    time_limit_s
        Solver time limit [s]; ``None`` for none.
    elastic
        Add penalised slack to every hard limit (used to diagnose infeasible models).
    solver_options
        Extra options passed to the solver as-is.
    fixed_fabs
        New fabs per (kind, vintage), flattened, fixed at these values (continuous): how a
        MILP's integer decisions are held to read duals from the LP that remains.
    slicing
        ``periods``: ``periods`` representative days (plus the worst lull) chosen with
        tsam from the sites' hourly profiles; ``full``: all 8760 hours; ``yearly``: one
        slice with annual capacity factors (the fast option; no storage operation).
    periods
        Representative days when ``slicing`` is ``periods``.
    segments
        With representative days: steps per day, consecutive hours merged by tsam's
        segmentation into this many segments of varying length (``None``: 24 hourly
        steps). Fewer steps, a smaller model (README "Time slices": measured error and
        time).
    link_periods
        With representative days, carry stored energy from one real day to the next in
        calendar order (Kotzur et al. 2018) instead of closing each day's storage cycle
        within the day: exact for storage that shifts energy across days, several times
        slower to solve (README "Time slices").
    flexibility
        Work that may move within its deadline window in the slices: ``training`` (the
        scenario's pausable training, as the dispatch runs it; inference stays pinned),
        ``all`` (inference too) or ``none``. No effect with ``yearly``.
    """

    milp: bool = False
    solver: str = "highs"
    time_limit_s: float | None = None
    elastic: bool = False
    solver_options: dict = field(default_factory=dict)
    fixed_fabs: tuple[float, ...] | None = None
    slicing: Slicing = "yearly"
    periods: int = DEFAULT_PERIODS
    segments: int | None = None
    link_periods: bool = False
    flexibility: Flexibility = "training"

    def __post_init__(self) -> None:
        if self.slicing not in ("yearly", "periods", "full"):
            raise ValueError(f"slicing must be yearly, periods or full, got {self.slicing!r}")
        if self.flexibility not in ("none", "training", "all"):
            raise ValueError(f"flexibility must be none, training or all, got {self.flexibility!r}")
        if self.slicing == "periods" and not 1 <= self.periods <= 365:
            raise ValueError(f"periods must be 1..365, got {self.periods}")
        if self.segments is not None:
            if self.slicing != "periods":
                raise ValueError("segments need representative days (periods)")
            if not 1 <= self.segments <= 24:
                raise ValueError(f"segments must be 1..24 steps a day, got {self.segments}")

    @property
    def time_key(self) -> dict:
        """What of these options shapes the model's time (for run hashes and the record)."""
        key: dict = {"slicing": self.slicing}
        if self.slicing == "periods":
            key["periods"] = self.periods
            if self.segments is not None:
                key["segments"] = self.segments
            key["link_periods"] = self.link_periods
        if self.slicing != "yearly":
            key["flexibility"] = self.flexibility
        return key
