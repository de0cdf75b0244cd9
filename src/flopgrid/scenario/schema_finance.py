"""Scenario format: tenants who use the capacity and members who finance it."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .schema_base import Float, Name, NonNeg, Positive, Share, StrictModel, Year


class TenantDemand(StrictModel):
    unit: Literal["h100e", "eflops"] = "h100e"
    by_year: dict[Year, NonNeg] = Field(min_length=1)


class Tenant(StrictModel):
    """A user of the capacity with its own demand, rights and value of compute.

    Tenants share each site's land, power and campus cap. Unserved demand of a tenant
    costs its ``value_usd_per_h100e_year``, so scarce capacity goes where it is worth most.
    """

    demand: TenantDemand
    value_usd_per_h100e_year: Positive
    #: sites it may use (all if absent)
    sites: list[str] | None = None
    #: accelerator generations it may use (all if absent)
    accelerators: list[str] | None = None
    #: export classes it is cleared for (all if absent)
    export_clearance: list[str] | None = None


ASSET_CLASSES = ("fabs", "datacenters", "power", "accelerators")


class Member(StrictModel):
    """A consortium member: its share of each asset class or of all assets at a site."""

    #: ``{fabs|datacenters|power|accelerators|SITE: share}``; a site key covers that site's
    #: data centers, power and accelerators and takes precedence over the class keys
    shares: dict[str, Share] = Field(min_length=1)


class CostOfCapital(StrictModel):
    """Rates at which assets are annualised, by the country they stand in [1/yr]."""

    #: base rate; a country's rate is this plus its country risk premium from the dataset,
    #: unless ``by_country`` gives the rate itself
    default: Annotated[Float, Field(ge=0, le=0.5)]
    by_country: dict[str, Annotated[Float, Field(ge=0, le=0.5)]] = {}
    add_country_risk_premium: bool = True


class Finance(StrictModel):
    members: dict[Name, Member] = {}
    cost_of_capital: CostOfCapital | None = None
    #: offtake price tenants pay per h100e-year of compute served [USD]
    lease_usd_per_h100e_year: NonNeg | None = None
    #: how shared site costs are split among tenants
    allocation: Literal["power_share", "marginal"] = "power_share"

    @model_validator(mode="after")
    def _shares_at_most_one(self) -> Finance:
        keys = {k for m in self.members.values() for k in m.shares}
        for key in keys:
            total = sum(m.shares.get(key, 0.0) for m in self.members.values())
            if total > 1 + 1e-9:
                raise ValueError(f"shares of {key!r} across members sum to {total:g}, more than 1")
        return self


__all__ = ["ASSET_CLASSES", "CostOfCapital", "Finance", "Member", "Share", "Tenant", "TenantDemand"]
