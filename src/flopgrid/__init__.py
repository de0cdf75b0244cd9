"""flopgrid: an open planning model of the global AI compute grid.

Public API::

    import flopgrid
    scn = flopgrid.load_scenario("abu-dhabi-5gw", overrides=["discount_rate=0.07"])
    result = flopgrid.plan(scn)
    result.summary["bottlenecks"][:3]
"""

from importlib import metadata as _metadata

from .dispatch import dispatch
from .errors import FlopgridError, ModelInfeasibleError, ScenarioError, SolverError
from .plan import PlanOptions, plan
from .results import Result
from .results.store import RunStore
from .scenario import Scenario, load_scenario


def plots(result: Result):
    """Every report figure of a Result as a plotly figure: ``flopgrid.plots(r).power_mix()``."""
    from .report.plots import ResultPlots  # plotly loads only when plotting

    return ResultPlots(result)


def open_run(ref, store=None) -> Result:
    """A recorded run as a :class:`Result`: by run folder, run id or unique id prefix.

    ``store`` is the run store to look ids up in (default ``runs/flopgrid.duckdb``).
    """
    from pathlib import Path

    from .results.store import DEFAULT_STORE

    path = Path(ref)
    if (path / "meta.json").exists():
        return Result.load(path)
    return RunStore(store or DEFAULT_STORE).open(str(ref))


try:
    __version__ = _metadata.version("flopgrid")
except _metadata.PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

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
