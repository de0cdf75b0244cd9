"""flopgrid: an open planning model of the global AI compute grid.

Public API::

    import flopgrid
    scn = flopgrid.load_scenario("abu-dhabi-5gw", overrides=["discount_rate=0.07"])
    result = flopgrid.plan(scn)
    result.summary["bottlenecks"][:3]

The names below load on first use (PEP 562), so that ``import flopgrid`` and the command
line's ``--help`` do not pay for linopy, xarray, pandas, duckdb and plotly.
"""

from __future__ import annotations

import sys
import types
from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import FlopgridError, ModelInfeasibleError, ScenarioError, SolverError

if TYPE_CHECKING:  # what the lazy names are, for type checkers and editors
    from .dispatch import dispatch
    from .plan import PlanOptions, plan
    from .results import Result
    from .results.store import RunStore
    from .scenario import Scenario, load_scenario

#: public name -> (module, attribute), imported on first access
_LAZY = {
    "dispatch": (".dispatch", "dispatch"),
    "PlanOptions": (".plan", "PlanOptions"),
    "plan": (".plan", "plan"),
    "Result": (".results", "Result"),
    "RunStore": (".results.store", "RunStore"),
    "Scenario": (".scenario", "Scenario"),
    "load_scenario": (".scenario", "load_scenario"),
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib import metadata

        try:
            value = metadata.version("flopgrid")
        except metadata.PackageNotFoundError:  # running from a source tree without install
            value = "0.0.0"
    elif name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(import_module(module, __name__), attr)
    else:
        raise AttributeError(f"module 'flopgrid' has no attribute {name!r}")
    globals()[name] = value  # the next access is a plain lookup
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY, "__version__"])


class _Package(types.ModuleType):
    """``flopgrid.plan`` and ``flopgrid.dispatch`` are the functions, as they were when this
    module imported them eagerly: importing the subpackages of the same names later (which
    sets the parent's attribute to the subpackage) leaves them so."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("plan", "dispatch") and isinstance(value, types.ModuleType):
            return  # the subpackage stays reachable through sys.modules and import
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def plots(result: Result):
    """Every report figure of a Result as a plotly figure: ``flopgrid.plots(r).power_mix()``."""
    from .report.plots import ResultPlots  # plotly loads only when plotting

    return ResultPlots(result)


def open_run(ref, store=None) -> Result:
    """A recorded run as a :class:`Result`: by run folder, run id or unique id prefix.

    ``store`` is the run store to look ids up in (default ``runs/flopgrid.duckdb``).
    """
    from pathlib import Path

    from .results import Result
    from .results.store import DEFAULT_STORE, RunStore

    path = Path(ref)
    if (path / "meta.json").exists():
        return Result.load(path)
    return RunStore(store or DEFAULT_STORE).open(str(ref))


__all__ = [
    "FlopgridError",
    "ModelInfeasibleError",
    "PlanOptions",
    "Result",
    "RunStore",
    "Scenario",
    "ScenarioError",
    "SolverError",
    "__version__",
    "dispatch",
    "load_scenario",
    "open_run",
    "plan",
    "plots",
]
