"""Options of a planning run (frozen: pass it, never mutate it)."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    """

    milp: bool = False
    solver: str = "highs"
    time_limit_s: float | None = None
    elastic: bool = False
    solver_options: dict = field(default_factory=dict)
    fixed_fabs: tuple[float, ...] | None = None
