"""Capacity expansion from fab to flop: build, solve and explain the planning model."""

from .build import PlanModel, build_model
from .inputs import PlanInputs, build_inputs
from .options import PlanOptions
from .run import plan

__all__ = ["PlanInputs", "PlanModel", "PlanOptions", "build_inputs", "build_model", "plan"]
