"""Time slices of a planning year: one yearly slice, representative days, or all hours.

The energy rows of the plan (balance, generation, grid import, storage, flexible work)
hold per slice. Every per-slice quantity is a *rate in TWh per year*: the slice's mean
power x 8760 h, so that in the yearly slice it is the year's energy (today's yearly model,
unchanged) and in any slicing a uniform change of a year's energy by 1 TWh moves each
slice's row by 1 (a family's duals summed over slices read as its yearly dual).

Slices come from the hourly profiles the dispatch uses (:mod:`flopgrid.timeseries`);
representative days are chosen with tsam (:func:`.aggregate.representative_periods`).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import xarray as xr

from ... import units
from ...scenario import expand
from ...scenario.schema import Dispatch, Scenario
from ...timeseries.aggregate import Slices, full_slices, representative_periods
from ...timeseries.csvio import read_series_csv
from ...timeseries.profiles import HOURS, build_profiles, tech_kind
from ..options import PlanOptions
from .sites import Sites

#: the dispatch's default training job: pausable within weeks (schema ``TrainingJob``)
_DEFAULT_WINDOW_HOURS = 168
_CACHE: OrderedDict[str, Slices] = OrderedDict()
_CACHE_SIZE = 8


T = TypeVar("T")


def required(value: T | None, what: str) -> T:
    """A field only time slices have (None in the yearly model): its value, or an error
    naming it when a slice-only row is built without slices."""
    if value is None:
        raise ValueError(f"{what} exists only with time slices (--periods or --hours full)")
    return value


@dataclass(frozen=True)
class TimeSlices:
    """The slices of a planning year and what each site can draw in them.

    Attributes
    ----------
    mode
        ``yearly``, ``periods`` or ``full``.
    dims
        ``("slice",)``, or ``()`` for the yearly slice (no slice dimension at all).
    share
        (slice) share of the year each slice stands for [1]; sums to 1 (yearly: 1).
    availability
        (site, tech[, slice]) output rate per GW of capacity [TWh/yr per GW]: hourly
        availability x 8.76 (yearly: annual capacity factor x 8.76).
    price_factor, carbon_factor
        (site[, slice]) grid price and carbon relative to the site's annual mean [1].
    period, step
        (slice) representative period of each slice and its step within it.
    duration
        (slice) hours a step lasts: 1, or a tsam segment's length with ``--segments``.
    period_order
        (calendar) representative period of each real period of the year, in order.
    linked
        Storage carries energy from one real period to the next in calendar order.
    flexible_share
        Share of the AI work that may move within its window [1].
    window
        (slice) the deadline window each slice belongs to (windows never cross periods).
    notes
        How the slices were made (method, settings, accuracy, timings).
    source
        The aggregation's :class:`Slices` (None for yearly).
    """

    mode: str
    dims: tuple[str, ...]
    share: xr.DataArray
    availability: xr.DataArray
    price_factor: xr.DataArray
    carbon_factor: xr.DataArray
    period: xr.DataArray | None = None
    step: xr.DataArray | None = None
    duration: xr.DataArray | None = None
    period_order: xr.DataArray | None = None
    linked: bool = False
    flexible_share: float = 0.0
    window: xr.DataArray | None = None
    notes: dict = field(default_factory=dict)
    source: Slices | None = None

    @property
    def sliced(self) -> bool:
        return bool(self.dims)

    @property
    def one_period(self) -> bool:
        """All slices are one period, the whole year in order (all hours)."""
        return self.sliced and self.period_order is not None and self.period_order.size == 1

    @property
    def cyclic(self) -> bool:
        """Storage closes its cycle within each period (with all hours: the year)."""
        return self.one_period or not self.linked

    @property
    def index(self) -> pd.Index | None:
        return self.share.indexes["slice"] if self.sliced else None

    def coords(self) -> list[pd.Index]:
        """The slice coordinate to append to a variable's (empty when yearly)."""
        return [self.share.indexes["slice"]] if self.sliced else []


def _profile_techs(scn: Scenario) -> list[str]:
    """Generators some site may build or already has (the ones with a profile)."""
    present = {t for s in scn.sites.values() for t in (*s.build, *s.existing.power)}
    return [t for t, p in scn.power.items() if p.kind == "generator" and t in present]


def _key(scn: Scenario, techs: list[str], settings: Dispatch, opts: list) -> str:
    """Everything the slices depend on (the profiles read nothing else)."""
    sites = [
        (
            name,
            expand.site_coordinates(scn, name),
            [(t, tech_kind(scn, t), expand.site_capacity_factor(scn, name, t)) for t in techs],
        )
        for name in scn.sites
    ]
    csv = settings.series_csv
    return json.dumps(
        [sites, settings.price_shape, settings.carbon_shape, csv, scn.years.start, opts],
        default=str,
    )


def _aggregate(scn: Scenario, techs: list[str], opts: PlanOptions) -> Slices:
    """Profiles and their aggregation, kept per process for the last few sets of sites
    (a sweep or a test suite plans the same sites many times)."""
    settings = scn.dispatch or Dispatch()
    csv = settings.series_csv
    stamp = None
    if csv and Path(csv).exists():
        stat = Path(csv).stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    key = _key(scn, techs, settings, [opts.slicing, opts.periods, opts.segments, stamp])
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    table = read_series_csv(csv, HOURS) if csv else None
    profiles = build_profiles(scn, list(scn.sites), techs, scn.years.start, settings, table)
    if opts.slicing == "full":
        out = full_slices(profiles)
    else:
        out = representative_periods(profiles, opts.periods, segments=opts.segments)
    _CACHE[key] = out
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return out


def flexible_work(scn: Scenario, flexibility: str) -> tuple[float, int]:
    """Share of AI work that may move in time, and its deadline window [h], read from
    the scenario's dispatch settings (the same work the dispatch runs).

    Without zones and jobs the dispatch runs ``default_inference_share`` as pinned
    inference and the rest as one pausable training job with weekly windows.
    """
    settings = scn.dispatch or Dispatch()
    if flexibility == "none":
        return 0.0, _DEFAULT_WINDOW_HOURS
    if not settings.zones and not settings.training:
        share, window = 1.0 - settings.default_inference_share, _DEFAULT_WINDOW_HOURS
    else:
        inference = sum(z.inference_h100e for z in settings.zones.values())
        jobs = [j for j in settings.training.values() if j.pausable]
        total = inference + sum(j.h100e for j in settings.training.values())
        share = sum(j.h100e for j in jobs) / total if total > 0 else 0.0
        window = min((j.window_hours for j in jobs), default=_DEFAULT_WINDOW_HOURS)
    if flexibility == "all":
        share = 1.0
    return float(share), int(window)


def _windows(src: Slices, window_hours: int) -> np.ndarray:
    """Window of each slice: consecutive steps of one period spanning at most
    ``window_hours`` (cut to the period). Hourly steps fill each window exactly; segments
    of several hours start a new window where the next one would overrun it (only a
    single segment longer than the window spans more), so the plan is never more
    flexible than the dispatch."""
    limit = min(window_hours, src.period_hours)
    out = np.empty(src.n_slices, dtype=int)
    window, span = -1, float(limit)
    for i, (step, hours) in enumerate(zip(src.step, src.step_hours, strict=True)):
        if step == 0 or span + hours > limit:
            window, span = window + 1, 0.0
        span += hours
        out[i] = window
    return out


def yearly(capacity_factor: xr.DataArray) -> TimeSlices:
    """One slice, the year: annual capacity factors, annual mean price and carbon."""
    one = xr.DataArray(1.0)
    return TimeSlices(
        mode="yearly",
        dims=(),
        share=one,
        availability=capacity_factor * units.twh_per_gw_year(),
        price_factor=one,
        carbon_factor=one,
        notes={"method": "one yearly slice (annual capacity factors)", "slices": 1},
    )


def build_slices(
    scn: Scenario, sites: Sites, capacity_factor: xr.DataArray, opts: PlanOptions
) -> TimeSlices:
    """The plan's time slices as ``opts.slicing`` asks (see :class:`TimeSlices`).

    ``capacity_factor`` is the (site, tech) annual capacity factor of the power inputs:
    the yearly slice's availability, and that of techs without a profile (storage).
    """
    if opts.slicing == "yearly":
        return yearly(capacity_factor)
    techs = _profile_techs(scn)
    src = _aggregate(scn, techs, opts)
    index = pd.RangeIndex(src.n_slices, name="slice")

    def on_slices(arr: xr.DataArray) -> xr.DataArray:
        return arr.assign_coords(slice=index)

    avail = capacity_factor.expand_dims(slice=index).transpose("site", "tech", "slice").copy()
    if techs:
        profile = on_slices(src.availability.sel(site=list(sites.names), tech=techs))
        avail.loc[{"tech": techs}] = profile.transpose("site", "tech", "slice").values
    share, window = flexible_work(scn, opts.flexibility)
    per_slice: dict[str, Any] = {"dims": "slice", "coords": {"slice": index}}
    notes = dict(src.notes)
    notes.update(
        profile_year=scn.years.start,
        flexible_share=share,
        window_hours=min(window, src.period_hours),
        flexibility=opts.flexibility,
        storage="linked across periods in calendar order (Kotzur et al. 2018)"
        if opts.link_periods and src.mode == "periods"
        else "cyclic within each period",
    )
    return TimeSlices(
        mode=src.mode,
        dims=("slice",),
        share=xr.DataArray(src.hours / src.hours.sum(), **per_slice),
        availability=avail * units.twh_per_gw_year(),
        price_factor=on_slices(src.price_factor.sel(site=list(sites.names))),
        carbon_factor=on_slices(src.carbon_factor.sel(site=list(sites.names))),
        period=xr.DataArray(src.period, **per_slice),
        step=xr.DataArray(src.step, **per_slice),
        duration=xr.DataArray(src.step_hours, **per_slice),
        period_order=xr.DataArray(
            src.period_order,
            dims="calendar",
            coords={"calendar": np.arange(len(src.period_order))},
        ),
        linked=opts.link_periods,
        flexible_share=share,
        window=xr.DataArray(_windows(src, window), name="window", **per_slice),
        notes=notes,
        source=src,
    )
