"""flopgrid: an open planning model of the global AI compute grid.

Public API::

    import flopgrid
    scn = flopgrid.load_scenario("abu-dhabi-5gw", overrides=["discount_rate=0.07"])
    result = flopgrid.plan(scn)
    result.summary["bottlenecks"][:3]
"""

from importlib import metadata as _metadata

from .errors import FlopgridError, ModelInfeasibleError, ScenarioError, SolverError
from .plan import PlanOptions, plan
from .results import Result
from .scenario import Scenario, load_scenario

try:
    __version__ = _metadata.version("flopgrid")
except _metadata.PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

__all__ = [
    "FlopgridError",
    "ModelInfeasibleError",
    "PlanOptions",
    "Result",
    "Scenario",
    "ScenarioError",
    "SolverError",
    "__version__",
    "load_scenario",
    "plan",
]
