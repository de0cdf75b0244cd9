"""The scenario's hourly dispatch settings: user zones, training jobs, shapes, penalties."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .schema_base import Float, Int, NonNeg, Positive, Share, StrictModel


class DispatchZone(StrictModel):
    """Users of inference in one place, served only from sites within their latency limit."""

    lat: Annotated[Float, Field(ge=-90, le=90)]
    lon: Annotated[Float, Field(ge=-180, le=180)]
    #: mean inference compute the zone asks for [h100e]
    inference_h100e: NonNeg
    #: largest round-trip network latency a request may take [ms]
    latency_ms: Positive = 50.0
    #: relative demand in each local hour 0-23 (normalised to a mean of 1); flat if absent
    daily_shape: list[NonNeg] | None = Field(default=None, min_length=24, max_length=24)
    #: accelerator export class of the work; sites in countries that forbid it are excluded
    export_class: str | None = None
    countries_excluded: list[str] = []


class TrainingJob(StrictModel):
    """Training work with a deadline: its compute is due within every window of the horizon."""

    #: mean compute the job needs over each window [h100e]
    h100e: NonNeg
    #: length of the deadline window [hours]; the work of each window must finish inside it
    window_hours: Annotated[Int, Field(ge=1, le=8784)] = 168
    #: sites it may run on (all if absent)
    sites: list[str] | None = None
    #: share of the job's work per window that may run away from its home sites [1]
    max_migration_share: Share = 1.0
    #: home share per site (proportional to the sites' compute if absent)
    home: dict[str, NonNeg] = {}
    #: may the job slow down or pause and catch up later in its window
    pausable: bool = True
    export_class: str | None = None
    countries_excluded: list[str] = []


class Dispatch(StrictModel):
    """Hourly dispatch settings: user zones, training jobs, hourly shapes and penalties.

    Without zones and jobs, each site's work is its data-center design's ``load_factor``
    x its compute (the plan's definition of a year's energy, so plan and dispatch agree
    on it): ``default_inference_share`` of that work is a local inference zone at the
    site, the rest one pool-wide pausable training job.
    """

    zones: dict[str, DispatchZone] = {}
    training: dict[str, TrainingJob] = {}
    #: share of the default work that is inference [1] (modelling assumption: 0.45, i.e.
    #: 0.4 of compute of a 0.9 work load split 0.4 : 0.5, the shares used before)
    default_inference_share: Share = 0.45
    #: hourly price shape scaled to each site's mean grid price: dk1-2023, dk2-2023, flat
    price_shape: str = "dk1-2023"
    #: hourly grid carbon shape scaled to each site's mean: erco-2022, pjm-2022, flat
    carbon_shape: str = "erco-2022"
    #: user CSV of hourly series (``site_tech [cf]``, ``price [USD/MWh]``...)
    series_csv: str | None = None
    unserved_inference_usd_per_h100e_hour: Positive = 20.0
    unserved_training_usd_per_h100e_hour: Positive = 5.0
    #: one-way latency per km of great-circle distance [ms/km]: light in fibre takes
    #: 5 us/km, times a route factor of 1.5; round trip = overhead + 2 x km x this
    latency_ms_per_km: Positive = 0.0075
    latency_overhead_ms: NonNeg = 2.0
