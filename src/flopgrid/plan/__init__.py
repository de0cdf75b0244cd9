"""Capacity expansion from fab to flop: build, solve and explain the planning model.

Its names load on first use, so ``flopgrid.plan.options`` (what the CLI's help reads)
imports without the model stack."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import PlanModel, build_model
    from .inputs import PlanInputs, build_inputs
    from .options import PlanOptions
    from .run import plan

#: each public name and the module that defines it
_WHERE = {
    "PlanModel": ".build",
    "build_model": ".build",
    "PlanInputs": ".inputs",
    "build_inputs": ".inputs",
    "PlanOptions": ".options",
    "plan": ".run",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name], __name__), name)
    globals()[name] = value
    return value


__all__ = ["PlanInputs", "PlanModel", "PlanOptions", "build_inputs", "build_model", "plan"]
