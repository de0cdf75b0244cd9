"""The scenario format, version 1, as pydantic models.

Every model forbids unknown keys (the loader turns that into an error with the
closest valid name) and is frozen: a Scenario never changes once validated;
variations are new Scenarios.

Units are in field names. Trajectories are either a number (constant) or
``{by_year: {YEAR: value}}``, linearly interpolated between given years and
held constant before the first and after the last.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from .schema_base import (
    ByYear,
    Confidence,
    Name,
    NonNeg,
    Positive,
    Share,
    ShareTrajectory,
    Sources,
    StrictModel,
    Trajectory,
    Year,
)
from .schema_finance import Finance, Tenant
from .schema_power import CoolingDesign, CostFactors, PowerSupply


class Years(StrictModel):
    start: Year
    end: Year

    @model_validator(mode="after")
    def _ordered(self) -> Years:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) must be >= start ({self.start})")
        if self.end - self.start > 60:
            raise ValueError("the horizon may span at most 60 years")
        return self


class RegionDemand(StrictModel):
    by_year: dict[Year, NonNeg] = Field(min_length=1)


class Demand(StrictModel):
    """Compute that must be in service each year (capacity, like peak load)."""

    unit: Literal["h100e", "eflops"] = "h100e"
    by_year: dict[Year, NonNeg] | None = None
    regions: dict[str, RegionDemand] = {}
    unserved_penalty_usd_per_h100e_year: Positive = 100_000.0
    sources: Sources = {}
    confidence: Confidence = {}


class Accelerator(StrictModel):
    vendor: str = ""
    available_from: Year
    available_until: Year | None = None
    h100e: Positive
    it_kw: Positive
    price_usd: NonNeg
    lifetime_years: Annotated[int, Field(ge=1, le=30)]
    good_dies_per_wafer: Positive
    per_cowos_wafer: NonNeg = 0.0
    hbm_stacks: NonNeg = 0.0
    export_class: Literal["us-advanced", "us-compliant", "domestic-cn", "other"] = "other"
    projection: bool = False
    sources: Sources = {}
    confidence: Confidence = {}


class DataCenterDesign(StrictModel):
    capex_usd_per_kw: NonNeg
    fixed_om_usd_per_kw_year: NonNeg
    pue: Annotated[float, Field(ge=1.0, le=3.0)]
    load_factor: Annotated[float, Field(gt=0, le=1)]
    lead_years: Annotated[int, Field(ge=0, le=15)]
    lifetime_years: Annotated[int, Field(ge=1, le=60)]
    km2_per_gw: NonNeg
    construction_jobs_per_busd: NonNeg = 0.0
    operations_jobs_per_gw: NonNeg = 0.0
    #: cooling design (``cooling_designs``): the water it uses per kWh of IT energy
    cooling: str | None = None
    #: country whose construction cost ``capex_usd_per_kw`` is; a site elsewhere pays it x its
    #: country's ``dc_cost_usd_per_w`` / this country's (None: the same everywhere)
    capex_reference_country: str | None = None
    sources: Sources = {}
    confidence: Confidence = {}


class DataCenter(StrictModel):
    """The design new data centers use: a named design, with any field overridden."""

    design: str | None = None
    capex_usd_per_kw: NonNeg | None = None
    fixed_om_usd_per_kw_year: NonNeg | None = None
    pue: Annotated[float, Field(ge=1.0, le=3.0)] | None = None
    load_factor: Annotated[float, Field(gt=0, le=1)] | None = None
    lead_years: Annotated[int, Field(ge=0, le=15)] | None = None
    lifetime_years: Annotated[int, Field(ge=1, le=60)] | None = None
    km2_per_gw: NonNeg | None = None
    construction_jobs_per_busd: NonNeg | None = None
    operations_jobs_per_gw: NonNeg | None = None
    cooling: str | None = None
    capex_reference_country: str | None = None
    sources: Sources = {}
    confidence: Confidence = {}


class PowerTech(StrictModel):
    kind: Literal["grid", "generator", "storage"] = "generator"
    #: overnight capex of a plant ordered in a year (learning: ``{by_year}``); for ``grid``,
    #: the cost of a new grid connection
    capex_usd_per_kw: Trajectory = 0.0
    capex_usd_per_kwh: Trajectory = 0.0
    duration_hours: NonNeg = 0.0
    round_trip_efficiency: Annotated[float, Field(gt=0, le=1)] = 1.0
    fixed_om_usd_per_kw_year: Trajectory = 0.0
    #: variable cost excluding the fuel priced by ``fuel`` (incl. it otherwise)
    variable_usd_per_mwh: Trajectory = 0.0
    #: the fuel burnt at ``heat_rate_mmbtu_per_mwh`` at the site's price (``gas``: the
    #: country's ``gas_price_usd_per_mmbtu`` path, or the site's own)
    fuel: Literal["gas"] | None = None
    heat_rate_mmbtu_per_mwh: Trajectory = 0.0
    #: costs by cost region (a country's ``cost_region``) relative to the paths above
    cost_factors: dict[str, CostFactors] = {}
    capacity_factor: Share = 1.0
    #: the most a plant may run in a year (a permit, not availability): generation <=
    #: capacity x this x 8760 h
    max_capacity_factor: Share | None = None
    #: GW of gas turbines per GW of plant, counted against ``power_supply``
    gas_turbine_gw_per_gw: NonNeg = 0.0
    water_consumption_l_per_kwh: NonNeg = 0.0
    water_withdrawal_l_per_kwh: NonNeg = 0.0
    #: take the site's capacity factor from its country's ``solar_cf`` or ``wind_cf``
    country_cf: Literal["solar", "wind"] | None = None
    capacity_credit: Share = 1.0
    emissions_t_per_mwh: NonNeg = 0.0
    lead_years: Annotated[int, Field(ge=0, le=20)] = 0
    lifetime_years: Annotated[int, Field(ge=1, le=80)] = 25
    clean: bool = False
    land_km2_per_gw: NonNeg = 0.0
    sources: Sources = {}
    confidence: Confidence = {}


class Existing(StrictModel):
    """Capacity already at a site when the horizon starts."""

    year: Year | None = None
    #: tenant owning the existing accelerators (the first tenant allowed at the site if absent)
    tenant: str | None = None
    it_gw: NonNeg = 0.0
    accelerators: dict[str, NonNeg] = {}
    power: dict[str, NonNeg] = {}
    #: grid connection already in place [GW] (no capex, no interconnection wait)
    grid_import_gw: NonNeg = 0.0


class SiteDataCenter(StrictModel):
    design: str | None = None
    cooling: str | None = None
    km2_per_gw: NonNeg | None = None
    capex_usd_per_kw: NonNeg | None = None
    pue: Annotated[float, Field(ge=1.0, le=3.0)] | None = None
    load_factor: Annotated[float, Field(gt=0, le=1)] | None = None
    lead_years: Annotated[int, Field(ge=0, le=15)] | None = None


class Site(StrictModel):
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    region: str | None = None
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None
    max_facility_gw: Positive
    land_km2: Positive | None = None
    #: the largest grid connection the plan may build (less ``existing.grid_import_gw``) [GW]
    grid_import_gw: NonNeg = 0.0
    #: years from the horizon's start before a new grid connection serves (else the country's)
    interconnection_lead_years: NonNeg | None = None
    grid_price_usd_per_mwh: Trajectory | None = None
    grid_carbon_t_per_mwh: Trajectory | None = None
    grid_clean_share: ShareTrajectory | None = None
    gas_price_usd_per_mmbtu: Trajectory | None = None
    #: cap on the site's own water withdrawal (cooling + on-site plants) [GL/yr]
    water_limit_gl_per_year: Trajectory | None = None
    #: WRI Aqueduct baseline water stress 0-5 (else the country's; None: unknown)
    water_stress_score: Annotated[float, Field(ge=0, le=5)] | None = None
    build: list[str] = []
    build_limits_gw: dict[str, NonNeg] = {}
    capacity_factors: dict[str, Share] = {}
    datacenter: SiteDataCenter | None = None
    existing: Existing = Existing()
    #: conventional (non-AI) IT load in service at the site [GW IT], exogenous: it draws
    #: energy (x the site's PUE and load factor) and needs data-center and firm capacity,
    #: but is not accelerators and delivers no h100e
    conventional_it_gw: Trajectory | None = None
    #: false for a site of conventional load only: no accelerators are installed there
    hosts_accelerators: bool = True
    sources: Sources = {}
    confidence: Confidence = {}

    @field_validator("country", mode="before")
    @classmethod
    def _yaml_norway(cls, value):
        if isinstance(value, bool):
            raise ValueError(
                f"expected a two-letter ISO 3166 code, got {value}: YAML reads an unquoted "
                'NO (Norway) as false; write country: "NO"'
            )
        return value


class NewFab(StrictModel):
    capex_usd: NonNeg
    wafers_per_year: Positive
    lead_years: Annotated[int, Field(ge=0, le=15)]
    lifetime_years: Annotated[int, Field(ge=1, le=60)]
    fixed_om_usd_per_year: NonNeg = 0.0


class Supply(StrictModel):
    wafers_per_year: Trajectory
    cowos_wafers_per_year: Trajectory | None = None
    hbm_stacks_per_year: Trajectory | None = None
    new_fab: NewFab
    new_fabs_allowed: bool = True
    max_new_fabs_per_year: NonNeg | None = None
    sources: Sources = {}
    confidence: Confidence = {}


class ExportCap(StrictModel):
    """A cap on accelerators in service in one country [count]."""

    by_year: dict[Year, NonNeg] = Field(min_length=1)
    classes: list[str] | None = None


class Policy(StrictModel):
    export_caps: dict[str, ExportCap] = {}
    forbidden: dict[str, list[str]] = {}
    budget_usd_per_year: Trajectory | None = None
    min_clean_share: Share | ByYear = 0.0
    carbon_price_usd_per_t: Trajectory = 0.0
    reserve_margin: NonNeg = 0.0
    sources: Sources = {}
    confidence: Confidence = {}


class Country(StrictModel):
    name: str = ""
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    hub_city: str = ""
    industrial_price_usd_per_mwh: Trajectory
    grid_carbon_t_per_mwh: Trajectory
    clean_share: ShareTrajectory = 0.0
    gas_price_usd_per_mmbtu: Trajectory | None = None
    #: cost region of ``power.*.cost_factors`` (None: reference costs)
    cost_region: str | None = None
    interconnection_lead_years: NonNeg | None = None
    water_stress_score: Annotated[float, Field(ge=0, le=5)] | None = None
    grid_water_consumption_l_per_kwh: NonNeg | None = None
    grid_water_withdrawal_l_per_kwh: NonNeg | None = None
    solar_cf: Share
    wind_cf: Share
    dc_cost_usd_per_w: NonNeg | None = None
    export_tier: Annotated[int, Field(ge=1, le=3)]
    #: Damodaran country risk premium, added to the base cost of capital [1/yr]
    country_risk_premium: NonNeg | None = None
    iea_region: str = "Rest of world"
    sources: Sources = {}
    confidence: Confidence = {}


class DispatchZone(StrictModel):
    """Users of inference in one place, served only from sites within their latency limit."""

    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
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
    window_hours: Annotated[int, Field(ge=1, le=8784)] = 168
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


class Scenario(StrictModel):
    """A fully resolved scenario: the packaged dataset plus everything that differs."""

    flopgrid: Literal[1] = 1
    name: Name
    title: str = ""
    description: str = ""
    extends: str | None = None
    years: Years
    discount_rate: Annotated[float, Field(ge=0, le=0.5)]
    demand: Demand
    sites: dict[Name, Site] = Field(min_length=1)
    accelerators: dict[str, Accelerator] = Field(min_length=1)
    datacenter: DataCenter = DataCenter()
    datacenter_designs: dict[str, DataCenterDesign] = {}
    power: dict[str, PowerTech] = Field(min_length=1)
    power_supply: PowerSupply = PowerSupply()
    cooling_designs: dict[str, CoolingDesign] = {}
    supply: Supply
    policy: Policy = Policy()
    countries: dict[str, Country] = {}
    dispatch: Dispatch | None = None
    tenants: dict[Name, Tenant] = {}
    finance: Finance = Finance()
    sources: Sources = {}
    confidence: Confidence = {}

    @field_validator("sites")
    @classmethod
    def _site_names(cls, sites: dict[str, Site]) -> dict[str, Site]:
        for name in sites:
            if any(c.isspace() for c in name) or "." in name:
                raise ValueError(f"site name {name!r} must be without spaces or dots")
        return sites
