"""Scenarios: the YAML format, its validation and its reading as arrays."""

from .load import apply_overrides, builtin_names, load_raw, load_scenario, merge
from .schema import Scenario

__all__ = ["Scenario", "apply_overrides", "builtin_names", "load_raw", "load_scenario", "merge"]
