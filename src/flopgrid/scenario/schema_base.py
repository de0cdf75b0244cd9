"""Building blocks of the scenario schema: strict frozen models and unit-aware types."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from ..safety import name_problem


def _not_bool(value: object) -> object:
    # pydantic reads true as 1 where a number is expected: `grid_import_gw: yes` is a slip
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {str(value).lower()}")
    return value


#: a number (true and false are refused, not read as 1 and 0)
Float = Annotated[float, BeforeValidator(_not_bool)]
#: a whole number (true and false are refused)
Int = Annotated[int, BeforeValidator(_not_bool)]
#: the largest number a scenario field takes, whatever its unit: a larger one is a slip or a
#: wrong unit (the model's coefficients are scaled near 1; HiGHS reads 1e20 as infinite)
MAX_NUMBER = 1e15
NonNeg = Annotated[Float, Field(ge=0, le=MAX_NUMBER)]
Positive = Annotated[Float, Field(gt=0, le=MAX_NUMBER)]
Share = Annotated[Float, Field(ge=0, le=1)]
Year = Annotated[Int, Field(ge=1990, le=2100)]


def _valid_name(name: str) -> str:
    problem = name_problem(name)
    if problem:
        raise ValueError(f"name {name!r} {problem}")
    return name


#: a name a user gives (scenario, site, tenant, member): it may become part of a file name,
#: so it follows :func:`flopgrid.safety.name_problem`
Name = Annotated[str, AfterValidator(_valid_name)]
Sources = dict[str, str]
Confidence = dict[str, Literal["high", "medium", "low"]]

EXPORT_CLASSES = ("us-advanced", "us-compliant", "domestic-cn", "other")


class StrictModel(BaseModel):
    """Base: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )


class ByYear(StrictModel):
    """A value per year, interpolated linearly and held outside the given years."""

    by_year: dict[Year, NonNeg] = Field(min_length=1)


Trajectory = NonNeg | ByYear


class ShareByYear(StrictModel):
    """A share per year, interpolated linearly and held outside the given years."""

    by_year: dict[Year, Share] = Field(min_length=1)


ShareTrajectory = Share | ShareByYear
