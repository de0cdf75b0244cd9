"""Results of runs: the Result object, summary.json and bottleneck explanations."""

from .result import Result

__all__ = ["Result"]
