"""Scenario format: the chip supply chain (wafer pools, packaging, HBM, new fabs) and the
export rules on accelerators and HBM.

A pool is one supply that accelerators draw on: the logic wafers of a foundry's node
family (``kind: logic``), the interposer wafers of a CoWoS variant (``cowos``) or the HBM
stacks of one memory vendor (``hbm``). Each accelerator generation names the logic pool of
its compute dies (``node``) and its CoWoS pool (``packaging``); its HBM stacks come from any
HBM pool its export class may use. Good dies per wafer are derived from die area and the
pool's defect density through ``supply.yield_model`` (``flopgrid.yields``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .schema_base import (
    ByYear,
    Confidence,
    Int,
    NonNeg,
    Positive,
    Share,
    Sources,
    StrictModel,
    Year,
)
from .schema_base import Trajectory as Trajectory

PRECISIONS = ("bf16", "fp8", "fp4")
PoolKind = Literal["logic", "cowos", "hbm"]


class Tflops(StrictModel):
    """Dense (no sparsity) TFLOP/s of one accelerator package at each precision it publishes."""

    bf16: Positive | None = None
    fp8: Positive | None = None
    fp4: Positive | None = None

    @model_validator(mode="after")
    def _some(self) -> Tflops:
        if self.bf16 is None and self.fp8 is None and self.fp4 is None:
            raise ValueError("give at least one of bf16, fp8, fp4")
        return self


class Pool(StrictModel):
    """One supply accelerators draw on: logic wafers of a node family, CoWoS interposer wafers
    of one variant, or HBM stacks of one vendor."""

    kind: PoolKind
    foundry: str = ""
    country: str | None = None
    #: the whole pool's output per year [wafers or stacks]
    capacity_per_year: Trajectory | None = None
    #: share of that output AI accelerators may take [1]
    ai_share: Share | ByYear = 1.0
    #: a one-off quantity usable once over the horizon [wafers, dies or stacks] (a stockpile)
    stock: NonNeg | None = None
    #: defect density of a logic pool [defects/cm2], for the yield model
    d0_defects_per_cm2: Trajectory | None = None
    #: the export classes of accelerators it may supply (all if empty)
    serves: list[str] = []
    #: HBM pools: the HBM generations its stacks are (any if empty); an accelerator draws
    #: only stacks of its own ``hbm_generation``
    hbm_generations: list[str] = []
    #: price of one wafer [USD] (reported, not a cost term: it is inside accelerator prices)
    wafer_price_usd: Trajectory | None = None
    sources: Sources = {}
    confidence: Confidence = {}

    @model_validator(mode="after")
    def _supply(self) -> Pool:
        if self.capacity_per_year is None and self.stock is None:
            raise ValueError("give capacity_per_year, stock or both")
        return self


class YieldModel(StrictModel):
    """How good dies per wafer follow from die area and defect density (flopgrid.yields)."""

    model: Literal["poisson", "murphy", "negative_binomial", "seeds"] = "negative_binomial"
    alpha: Positive = 3.0
    wafer_diameter_mm: Positive = 300.0
    edge_exclusion_mm: NonNeg = 3.0
    scribe_mm: NonNeg = 0.1
    sources: Sources = {}
    confidence: Confidence = {}


class Fab(StrictModel):
    """A new fab the plan may build: one module adding wafers to a logic pool."""

    #: the logic pool it adds wafers to (the single-pool shorthand's pool if absent)
    pool: str | None = None
    capex_usd: NonNeg
    wafers_per_year: Positive
    lead_years: Annotated[Int, Field(ge=0, le=15)]
    lifetime_years: Annotated[Int, Field(ge=1, le=60)]
    fixed_om_usd_per_year: NonNeg = 0.0
    country: str | None = None
    sources: Sources = {}
    confidence: Confidence = {}


class CowosBooking(StrictModel):
    """The most a designer's accelerators may take of the CoWoS wafers used in a year."""

    families: list[str] = Field(min_length=1)
    share: Share | ByYear


class ExportRule(StrictModel):
    """A dated export rule, on or off.

    ``active``: the rule is applied. ``forbid``: accelerators of ``classes`` /
    ``generations`` may not be installed in ``countries`` (ISO codes, ``tierN`` or ``*``)
    except ``except_countries`` from
    ``from_year`` to ``until_year``; with ``hbm_pools`` it forbids instead the HBM of those
    pools in accelerators of those classes made in those years. ``allow`` lifts forbid rules
    for what it names. ``cap``: each country of ``countries`` may hold at most
    ``cap_by_year`` of them in service (in accelerators or h100e).
    """

    title: str = ""
    active: bool = True
    effect: Literal["forbid", "allow", "cap"] = "forbid"
    classes: list[str] = []
    generations: list[str] = []
    countries: list[str] = []
    except_countries: list[str] = []
    from_year: Year | None = None
    until_year: Year | None = None
    hbm_pools: list[str] = []
    cap_by_year: dict[Year, NonNeg] | None = None
    cap_unit: Literal["accelerators", "h100e"] = "accelerators"
    sources: Sources = {}
    confidence: Confidence = {}

    @model_validator(mode="after")
    def _consistent(self) -> ExportRule:
        if not self.classes and not self.generations:
            raise ValueError("name the classes or generations the rule covers")
        if self.effect == "cap" and not self.cap_by_year:
            raise ValueError("a cap rule needs cap_by_year")
        if self.effect != "cap" and self.cap_by_year:
            raise ValueError("cap_by_year is only for effect: cap")
        if not self.hbm_pools and not self.countries:
            raise ValueError("name the countries (ISO codes, tierN or '*') the rule covers")
        if self.hbm_pools and self.effect != "forbid":
            raise ValueError("hbm_pools rules forbid; effect must be forbid")
        if self.from_year and self.until_year and self.until_year < self.from_year:
            raise ValueError(f"until_year ({self.until_year}) is before from_year")
        return self

    def in_force(self, year: int | None) -> bool:
        """On, and ``year`` (None: any year) inside its dates."""
        if not self.active:
            return False
        if year is None:
            return True
        return (self.from_year or 0) <= year <= (self.until_year or 9999)
