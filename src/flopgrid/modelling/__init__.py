"""Model-building helpers shared by the planning and the dispatch model (neutral ground:
neither model package imports the other)."""

from .expr import Expr
from .limit import ELASTIC_PENALTY, add_limit, elastic_cost
from .linear import Linear, Part, solution_of
from .sparse import weighted_expr, weighted_sum

__all__ = [
    "ELASTIC_PENALTY",
    "Expr",
    "Linear",
    "Part",
    "add_limit",
    "elastic_cost",
    "solution_of",
    "weighted_expr",
    "weighted_sum",
]
