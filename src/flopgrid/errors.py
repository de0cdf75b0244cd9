"""Errors a user can act on. None of them should surface as a traceback."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field


def printable(text: object) -> str:
    """``text`` with control characters written as escapes (``\\x1b``), so that what a user
    typed can never move the cursor, colour or clear a terminal when it is printed back."""
    s = str(text)
    if all(c.isprintable() or c in "\n\t" for c in s):
        return s
    return "".join(
        c
        if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp")
        else repr(c)[1:-1]
        for c in s
    )


def closest(name: object, valid: Iterable[object], cutoff: float = 0.6) -> str | None:
    """The name in ``valid`` closest to a mistyped ``name``, or None when none is close
    (difflib's ratio below ``cutoff``)."""
    close = difflib.get_close_matches(str(name), [str(v) for v in valid], n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(
    name: object,
    valid: Iterable[object],
    cutoff: float = 0.6,
    listing: bool = False,
    otherwise: str = "",
) -> str:
    """The hint that follows 'unknown key' (or any unknown name): "; did you mean
    'max_facility_gw'?" when a valid name is close; else, with ``listing``, the valid
    names ' (valid: a, b)' (if any), or ``otherwise``."""
    names = [str(v) for v in valid]
    close = closest(name, names, cutoff)
    if close is not None:
        return f"; did you mean {close!r}?"
    if listing and names:
        return f" (valid: {', '.join(names)})"
    return otherwise


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
            where = printable(self.file) + (f":{self.line}" if self.line else "") + " "
        path, message = printable(self.path), printable(self.message)
        return f"{where}{path}: {message}" if path else f"{where}{message}"


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
