"""Assemble the planning model: variables, the constraint families, the objective."""

from __future__ import annotations

from dataclasses import dataclass

import linopy

from ..modelling import elastic_cost
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
    ctx = BuildContext(m, inp, var, q, opts.elastic)
    for add_family in FAMILIES:
        add_family(ctx)
    terms = []
    constant = 0.0
    for cost in q.costs.values():
        pv = cost.scaled(inp.horizon.discount)
        if pv.const is not None:
            constant += float(pv.const.sum())
        terms.append(pv.expression(var, (), with_const=False))
    penalty = elastic_cost(m) if opts.elastic else None
    if penalty is not None:
        terms.append(penalty)
    m.add_objective(linopy.merge(terms, cls=linopy.LinearExpression))
    return PlanModel(m, inp, var, q, opts, constant)
