"""Assemble the planning model from its variables, constraint families and objective."""

from __future__ import annotations

from dataclasses import dataclass

import linopy

from .constraints import FAMILIES
from .inputs import PlanInputs
from .limit import elastic_cost
from .objective import cost_terms
from .options import PlanOptions
from .variables import Fleet, add_variables, fleet_expressions


@dataclass
class PlanModel:
    """A built (not yet solved) planning model with the handles results need."""

    model: linopy.Model
    inputs: PlanInputs
    variables: dict
    fleet: Fleet
    costs: dict
    options: PlanOptions
    #: cost that no decision changes (fixed O&M of existing assets) [B USD, present value];
    #: solvers take no constant objective term, so it is added back to the objective here
    constant_busd: float = 0.0


def build_model(inp: PlanInputs, opts: PlanOptions | None = None) -> PlanModel:
    """Build the linopy model for a scenario's inputs.

    Parameters
    ----------
    inp
        Arrays from :func:`flopgrid.plan.inputs.build_inputs`.
    opts
        Build and solve options (``milp``, ``elastic``...).
    """
    opts = opts or PlanOptions()
    m = linopy.Model(force_dim_names=True)
    var = add_variables(m, inp, opts)
    fleet = fleet_expressions(inp, var)
    for add_family in FAMILIES:
        add_family(m, inp, var, fleet, opts.elastic)
    costs = cost_terms(inp, var, fleet)
    terms = []
    constant = 0.0
    for term in costs.values():
        const = float(term.const)
        constant += const
        terms.append(term - const if const else term)
    penalty = elastic_cost(m) if opts.elastic else None
    if penalty is not None:
        terms.append(penalty)
    objective = linopy.merge(terms)  # one concatenation of every term
    m.add_objective(objective)
    return PlanModel(m, inp, var, fleet, costs, opts, constant)
