"""dispatch(): a fleet (from a plan run or a scenario) in, an hourly Result (kind dispatch) out."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from .. import units
from ..errors import FlopgridError, ModelInfeasibleError
from ..results.result import Result
from ..runinfo import utc_now, versions
from ..scenario import load_scenario
from ..scenario.schema import Dispatch, Scenario
from ..solve import INFEASIBLE, solve_model
from ..timeseries.csvio import read_series_csv, series_for_year
from ..timeseries.profiles import Profiles, build_profiles
from .extract import extract
from .families import RECORDS
from .fleet import Fleet, fleet_from_result, fleet_from_scenario
from .inputs import build_inputs
from .model import build_dispatch

Stage = Callable[[str], None]


def resolve_fleet(source, year: int | None = None, overrides=()) -> Fleet:
    """A Fleet from a Result, a run folder, a Scenario, or a scenario name or file."""
    if isinstance(source, Fleet):
        return source
    if isinstance(source, Result):
        return fleet_from_result(source, year)
    if isinstance(source, Scenario):
        return fleet_from_scenario(source)
    path = Path(str(source))
    if (path / "meta.json").exists() and (path / "results.nc").exists():
        return fleet_from_result(Result.load(path), year)
    return fleet_from_scenario(load_scenario(source, overrides))


def dispatch(
    source,
    year: int | None = None,
    weeks: list[int] | None = None,
    overrides: list[str] | tuple[str, ...] = (),
    series_csv: str | Path | None = None,
    series_year: int | None = None,
    profiles: Profiles | None = None,
    solver: str = "highs",
    time_limit_s: float | None = None,
    on_stage: Stage | None = None,
):
    """Dispatch a fixed fleet hour by hour over a year (or ``weeks`` of it).

    Parameters
    ----------
    source
        A plan :class:`Result` or run folder (its fleet in ``year``, default the last),
        a :class:`Fleet`, or a scenario (object, name or file: its existing capacity).
    weeks
        1-based weeks of the year to model (168 h each); None for all 8760 hours.
    series_csv
        A user CSV of hourly series replacing computed profiles (see :mod:`.csvio`): one
        whole year of hours, of the fleet's year unless ``series_year`` states its own.
    series_year
        The year the CSV holds, when a series of another year stands for the fleet's.
    profiles
        Precomputed profiles (tests, sweeps); built from the scenario if absent.

    Returns
    -------
    Result
        Of kind ``dispatch``: hourly data, summary and metadata.
    """
    stage = on_stage or (lambda _s: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    stage("reading the fleet")
    fleet = resolve_fleet(source, year, overrides)
    scn = fleet.scenario
    settings = scn.dispatch or Dispatch()
    stage("computing hourly profiles")
    t = time.perf_counter()
    if profiles is None:
        csv = series_csv or settings.series_csv
        if series_year is not None and not csv:
            raise FlopgridError(
                f"--series-year {series_year}: states the year of a series CSV, but none is "
                "given; add --series FILE (or dispatch.series_csv in the scenario)"
            )
        table = series_for_year(read_series_csv(csv), fleet.year, series_year) if csv else None
        profiles = build_profiles(
            scn, fleet.sites, list(fleet.power_gw.columns), fleet.year, settings, table
        )
    timings["profiles_s"] = time.perf_counter() - t
    t = time.perf_counter()
    inp = build_inputs(fleet, profiles, settings, weeks)
    timings["inputs_s"] = time.perf_counter() - t
    stage("building the dispatch model")
    t = time.perf_counter()
    dm = build_dispatch(inp)
    timings["build_s"] = time.perf_counter() - t
    stage(f"solving with {solver}")
    outcome = solve_model(dm.model, solver, time_limit_s)
    timings.update(outcome.timings_s)
    if outcome.status == INFEASIBLE:
        # every demand has an unserved slack, so this is a data problem (negative limits)
        raise ModelInfeasibleError(
            f"the dispatch of {scn.name!r} is infeasible; check storage and grid limits"
        )
    stage("extracting results")
    t = time.perf_counter()
    data = extract(dm)
    timings["extract_s"] = time.perf_counter() - t
    timings["total_s"] = time.perf_counter() - t0
    meta = {
        "flopgrid_version": versions()["flopgrid"],
        "kind": "dispatch",
        "scenario": scn.name,
        "source": fleet.source,
        "year": fleet.year,
        "weeks": list(weeks or []),
        "overrides": list(overrides),
        "status": outcome.status,
        "objective_usd": units.usd_from_musd(outcome.objective),
        "carbon_price_usd_per_t": inp.carbon_price_usd_per_t,
        "training_h100e": {
            str(j): units.from_millions(float(inp["training_mh100e"].sel(job=j)))
            for j in inp.ds.indexes["job"]
        },
        "solver": {"name": outcome.solver, "version": outcome.solver_version},
        "timings_s": timings,
        "model_size": {"variables": int(dm.model.nvars), "constraints": int(dm.model.ncons)},
        "profiles": profiles.notes,
        "families": {name: rec.to_dict() for name, rec in RECORDS.items()},
        "versions": versions(),
        "created": utc_now(),
    }
    if meta["model_size"]["variables"] == 0:
        raise FlopgridError("nothing to dispatch: the fleet has no compute or no power")
    result = Result(data, meta, scn.model_dump(mode="json"))
    result.solver_log = outcome.log
    return result
