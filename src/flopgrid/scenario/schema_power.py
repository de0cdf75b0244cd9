"""The scenario format, version 1: power costs by region, limits on building power, water."""

from __future__ import annotations

from pydantic import model_validator

from .schema_base import Confidence, NonNeg, Sources, StrictModel, Trajectory


class CostFactors(StrictModel):
    """A cost region's costs of one technology relative to its reference path (region value /
    reference value per year; 1 where a field is not given)."""

    capex: Trajectory = 1.0
    capex_kwh: Trajectory = 1.0
    fixed_om: Trajectory = 1.0
    variable: Trajectory = 1.0
    sources: Sources = {}
    confidence: Confidence = {}


class PowerSupply(StrictModel):
    """What manufacturers can deliver to the scenario's sites each year (None: no limit)."""

    #: gas turbines [GW per year], counted by ``power.*.gas_turbine_gw_per_gw``
    gas_turbine_gw_per_year: Trajectory | None = None
    #: large power transformers [GW of new grid connections and generators per year]
    transformer_gw_per_year: Trajectory | None = None
    sources: Sources = {}
    confidence: Confidence = {}


class CoolingDesign(StrictModel):
    """Water a data-center cooling design uses per kWh of IT energy (The Green Grid's WUE)."""

    description: str = ""
    water_withdrawal_l_per_kwh_it: NonNeg
    water_consumption_l_per_kwh_it: NonNeg
    sources: Sources = {}
    confidence: Confidence = {}

    @model_validator(mode="after")
    def _consumed_within_withdrawn(self) -> CoolingDesign:
        if self.water_consumption_l_per_kwh_it > self.water_withdrawal_l_per_kwh_it:
            raise ValueError(
                f"water_consumption_l_per_kwh_it ({self.water_consumption_l_per_kwh_it}) must be "
                f"<= water_withdrawal_l_per_kwh_it ({self.water_withdrawal_l_per_kwh_it})"
            )
        return self
