"""Errors a user can act on. None of them should surface as a traceback."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what was expected."""

    path: str
    message: str
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + " "
        return f"{where}{self.path}: {self.message}" if self.path else f"{where}{self.message}"


class FlopgridError(Exception):
    """Base class for errors flopgrid reports to users without a traceback."""


@dataclass
class ScenarioError(FlopgridError):
    """A scenario that cannot be used, with every problem found."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class ModelInfeasibleError(FlopgridError):
    """The model has no solution for reasons other than a compute shortfall."""

    def __init__(self, message: str, families: list[dict] | None = None) -> None:
        super().__init__(message)
        self.families = families or []


class SolverError(FlopgridError):
    """The solver failed or stopped before an answer (time limit, numerical trouble)."""
