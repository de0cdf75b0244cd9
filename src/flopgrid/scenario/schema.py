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
    Float,
    Int,
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
from .schema_chips import CowosBooking, ExportRule, Fab, Pool, Tflops, YieldModel
from .schema_dispatch import Dispatch
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
    #: the precision compute is measured in: an accelerator's h100e is its dense rate at
    #: this precision over the H100's (units.h100e_from_tflops)
    precision: Literal["bf16", "fp8", "fp4"] = "bf16"
    by_year: dict[Year, NonNeg] | None = None
    regions: dict[str, RegionDemand] = {}
    unserved_penalty_usd_per_h100e_year: Positive = 100_000.0
    sources: Sources = {}
    confidence: Confidence = {}


class Accelerator(StrictModel):
    vendor: str = ""
    #: product family (nvidia-gpu, google-tpu...): ramp limits and CoWoS bookings group by it
    family: str = ""
    available_from: Year
    available_until: Year | None = None
    #: compute per accelerator [h100e] at any precision; or give ``tflops``
    h100e: Positive | None = None
    #: dense TFLOP/s per precision: h100e follows from ``demand.precision``
    tflops: Tflops | None = None
    tdp_w: Positive | None = None
    it_kw: Positive
    price_usd: NonNeg
    lifetime_years: Annotated[Int, Field(ge=1, le=30)]
    #: the logic pool (supply.pools) its compute dies are made on
    node: str | None = None
    die_area_mm2: Positive | None = None
    compute_dies: Annotated[Int, Field(ge=1, le=64)] = 1
    #: good dies per wafer as given; derived from die area and the yield model if absent
    good_dies_per_wafer: Positive | None = None
    #: the CoWoS pool (supply.pools, kind cowos) it is packaged on; none: no CoWoS
    packaging: str | None = None
    per_cowos_wafer: NonNeg = 0.0
    hbm_stacks: NonNeg = 0.0
    hbm_generation: str | None = None
    export_class: Literal["us-advanced", "us-compliant", "domestic-cn", "other"] = "other"
    projection: bool = False
    #: may leave service before the end of its life when that is cheaper
    early_retirement: bool = True
    sources: Sources = {}
    confidence: Confidence = {}

    @model_validator(mode="after")
    def _compute_and_dies(self) -> Accelerator:
        if self.h100e is None and self.tflops is None:
            raise ValueError("give h100e or tflops")
        if self.good_dies_per_wafer is None and self.die_area_mm2 is None:
            raise ValueError("give die_area_mm2 (good dies then follow) or good_dies_per_wafer")
        return self


class DataCenterDesign(StrictModel):
    capex_usd_per_kw: NonNeg
    fixed_om_usd_per_kw_year: NonNeg
    pue: Annotated[Float, Field(ge=1.0, le=3.0)]
    load_factor: Annotated[Float, Field(gt=0, le=1)]
    lead_years: Annotated[Int, Field(ge=0, le=15)]
    lifetime_years: Annotated[Int, Field(ge=1, le=60)]
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
    pue: Annotated[Float, Field(ge=1.0, le=3.0)] | None = None
    load_factor: Annotated[Float, Field(gt=0, le=1)] | None = None
    lead_years: Annotated[Int, Field(ge=0, le=15)] | None = None
    lifetime_years: Annotated[Int, Field(ge=1, le=60)] | None = None
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
    round_trip_efficiency: Annotated[Float, Field(gt=0, le=1)] = 1.0
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
    lead_years: Annotated[Int, Field(ge=0, le=20)] = 0
    lifetime_years: Annotated[Int, Field(ge=1, le=80)] = 25
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
    pue: Annotated[Float, Field(ge=1.0, le=3.0)] | None = None
    load_factor: Annotated[Float, Field(gt=0, le=1)] | None = None
    lead_years: Annotated[Int, Field(ge=0, le=15)] | None = None


class Site(StrictModel):
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    region: str | None = None
    lat: Annotated[Float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[Float, Field(ge=-180, le=180)] | None = None
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
    water_stress_score: Annotated[Float, Field(ge=0, le=5)] | None = None
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
    lead_years: Annotated[Int, Field(ge=0, le=15)]
    lifetime_years: Annotated[Int, Field(ge=1, le=60)]
    fixed_om_usd_per_year: NonNeg = 0.0


class Supply(StrictModel):
    """Chip supply: wafer, CoWoS and HBM pools and new fabs.

    The single-pool shorthand (``wafers_per_year``, ``cowos_wafers_per_year``,
    ``hbm_stacks_per_year``, ``new_fab``) is one logic, one CoWoS and one HBM pool that every
    accelerator without a ``node`` / ``packaging`` draws on, and one kind of new fab.
    """

    wafers_per_year: Trajectory | None = None
    cowos_wafers_per_year: Trajectory | None = None
    hbm_stacks_per_year: Trajectory | None = None
    new_fab: NewFab | None = None
    pools: dict[str, Pool] = {}
    yield_model: YieldModel = YieldModel()
    fabs: dict[str, Fab] = {}
    new_fabs_allowed: bool = True
    max_new_fabs_per_year: NonNeg | None = None
    #: most of a family's accelerators made a year that a generation may be in its first
    #: year [1]; none: no ramp limit
    ramp_first_year_share: Share | None = None
    cowos_booking: dict[str, CowosBooking] = {}
    sources: Sources = {}
    confidence: Confidence = {}


class ExportCap(StrictModel):
    """A cap on accelerators in service in one country [count]."""

    by_year: dict[Year, NonNeg] = Field(min_length=1)
    classes: list[str] | None = None


class Policy(StrictModel):
    export_caps: dict[str, ExportCap] = {}
    forbidden: dict[str, list[str]] = {}
    export_rules: dict[str, ExportRule] = {}
    budget_usd_per_year: Trajectory | None = None
    min_clean_share: Share | ByYear = 0.0
    carbon_price_usd_per_t: Trajectory = 0.0
    reserve_margin: NonNeg = 0.0
    sources: Sources = {}
    confidence: Confidence = {}


class Country(StrictModel):
    name: str = ""
    lat: Annotated[Float, Field(ge=-90, le=90)]
    lon: Annotated[Float, Field(ge=-180, le=180)]
    hub_city: str = ""
    industrial_price_usd_per_mwh: Trajectory
    grid_carbon_t_per_mwh: Trajectory
    clean_share: ShareTrajectory = 0.0
    gas_price_usd_per_mmbtu: Trajectory | None = None
    #: cost region of ``power.*.cost_factors`` (None: reference costs)
    cost_region: str | None = None
    interconnection_lead_years: NonNeg | None = None
    water_stress_score: Annotated[Float, Field(ge=0, le=5)] | None = None
    grid_water_consumption_l_per_kwh: NonNeg | None = None
    grid_water_withdrawal_l_per_kwh: NonNeg | None = None
    solar_cf: Share
    wind_cf: Share
    dc_cost_usd_per_w: NonNeg | None = None
    export_tier: Annotated[Int, Field(ge=1, le=3)]
    #: Damodaran country risk premium, added to the base cost of capital [1/yr]
    country_risk_premium: NonNeg | None = None
    iea_region: str = "Rest of world"
    sources: Sources = {}
    confidence: Confidence = {}


class Scenario(StrictModel):
    """A fully resolved scenario: the packaged dataset plus everything that differs."""

    flopgrid: Literal[1] = 1
    name: Name
    title: str = ""
    description: str = ""
    extends: str | None = None
    years: Years
    discount_rate: Annotated[Float, Field(ge=0, le=0.5)]
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
