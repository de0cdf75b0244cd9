"""Sweeps: plan many futures of one scenario, in parallel, and rank what matters.

``flopgrid sweep SCENARIO --vary PATH=SPEC ...`` (see :mod:`flopgrid.sweep.design` for the
syntax), ``flopgrid sweep --resume ID`` and ``flopgrid sweep report ID``.
"""

from .design import Design, DesignError, Factor, Task, parse_vary
from .engines import DaskEngine, LocalEngine, make_engine
from .runner import SweepInterrupted, SweepStats, create_sweep, run_sweep
from .store import SweepStore

__all__ = [
    "DaskEngine",
    "Design",
    "DesignError",
    "Factor",
    "LocalEngine",
    "SweepInterrupted",
    "SweepStats",
    "SweepStore",
    "Task",
    "create_sweep",
    "make_engine",
    "parse_vary",
    "run_sweep",
]
