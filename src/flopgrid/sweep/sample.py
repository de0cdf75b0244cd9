"""One sweep sample planned on the worker's live model, without a run folder.

A sweep's samples mostly change numbers (costs, limits, demand, efficiencies), not the
model's structure. :func:`plan_sample` plans one the way ``flopgrid plan`` does (the same
:func:`flopgrid.plan.plan`: scenario, inputs, the sparse build, extract), except that the
solve goes through the worker's :class:`~flopgrid.sweep.reuse.SolverCache`: the HiGHS model
of the previous sample is updated in place (changed costs, bounds, row bounds and
coefficients) and started from its basis; a new structure (other years, sites,
technologies, or another sparsity pattern) is built afresh and the reason recorded. Of
the results it keeps only what the sweep records (:data:`~flopgrid.results.summary.
SWEEP_PARTS`): no run folder is written (``--keep-runs`` writes them).
"""

from __future__ import annotations

from ..plan import PlanOptions, plan
from ..results.folder import new_run_id
from ..results.result import Result
from ..results.summary import build_summary
from ..scenario import load_scenario
from ..workflow import resolved_hash
from .reuse import warm_start


def plan_sample(source: str, overrides: list[str], opts: PlanOptions) -> tuple[Result, dict]:
    """Plan one sample on the worker's live model; return the Result (its data, meta) and
    the summary a sweep records."""
    scn = load_scenario(source, overrides)
    digest = resolved_hash(scn.model_dump(mode="json"), opts)
    with warm_start(True) as cache:
        result = plan(scn, options=opts)
    if cache is None:  # warm_start(True) always yields a cache
        raise RuntimeError("no solver cache for a live sample")
    result.meta.update(
        run_id=new_run_id(scn.name, digest),
        scenario_hash=digest,
        overrides=list(overrides),
        reuse={
            "mode": cache.last_mode,
            "reason": cache.last_reason,
            "simplex": cache.last_strategy,
            "iterations": cache.last_iterations,
        },
    )
    meta = result.meta
    summary = build_summary(result.data, meta, meta.get("sites", {}), result.scenario, full=False)
    return result, summary
