"""Assemble the planning model: variables, the constraint families, the objective."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import linopy

from ..modelling import Expr, Linear, elastic_cost
from .families import FAMILIES, BuildContext
from .inputs import PlanInputs
from .options import PlanOptions
from .quantities import Quantities, build_quantities
from .variables import Vars, add_variables
from .variables_grid import add_grid_variables


@dataclass
class PlanModel:
    """A built (not yet solved) planning model with the handles results need."""

    model: linopy.Model
    inputs: PlanInputs
    variables: Vars
    quantities: Quantities
    options: PlanOptions
    #: cost that no decision changes (fixed O&M of existing assets) [B USD, present value];
    #: solvers take no constant objective term, so it is added back to the objective
    constant_busd: float = 0.0
    #: the quantities' sparse expressions built so far, by (name, dims)
    exprs: dict = field(default_factory=dict)

    def sparse(self, quantity: Linear, dims: tuple[str, ...] | None = None) -> Expr:
        """A quantity's sparse expression on ``dims`` (built once per model)."""
        key = (quantity.name, quantity.dims if dims is None else tuple(dims))
        if key not in self.exprs:
            self.exprs[key] = quantity.sparse(self.variables, dims)
        return self.exprs[key]


def build_model(inp: PlanInputs, opts: PlanOptions | None = None) -> PlanModel:
    """Build the linopy model for a scenario's inputs.

    The objective is the present value of the cost terms of
    :attr:`Quantities.costs`, each discounted to the first year; nothing else.
    """
    opts = opts or PlanOptions()
    m = linopy.Model(force_dim_names=True)
    var = add_variables(m, inp, opts)
    add_grid_variables(m, inp, var)
    q = build_quantities(inp)
    ctx = BuildContext(m, inp, var, q, opts.elastic)  # type: ignore[arg-type]
    for add_family in FAMILIES:
        add_family(ctx)
    objective: Any = None  # an Expr, or a linopy expression once the penalty is added
    constant = 0.0
    for cost in q.costs.values():
        pv = cost.scaled(inp.horizon.discount)
        if pv.const is not None:
            constant += float(pv.const.sum())
        term = pv.sparse(var, (), with_const=False)
        objective = term if objective is None else objective + term
    penalty = elastic_cost(m, sparse=True) if opts.elastic else None
    if penalty is not None:
        objective = objective + penalty
    m.add_objective(objective.to_linopy())
    return PlanModel(m, inp, var, q, opts, constant, ctx._exprs)
