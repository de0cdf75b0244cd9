"""``flopgrid.plots(result)``: every report figure of one Result as a method, for notebooks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from .figures import FIGURES
from .headline import headline

if TYPE_CHECKING:
    from ..results.result import Result


class ResultPlots:
    """Plotly figures of one Result: ``flopgrid.plots(result).power_mix()``, ``.all()``.

    One method per entry of :data:`~flopgrid.report.figures.FIGURES`, plus ``headline``.
    """

    def __init__(self, result: Result) -> None:
        self._result = result

    @staticmethod
    def names() -> list[str]:
        return ["headline", *FIGURES]

    def __repr__(self) -> str:
        return f"ResultPlots({', '.join(self.names())})"

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self.names()})

    def __getattr__(self, name: str) -> Callable[[], go.Figure]:
        fn = headline if name == "headline" else FIGURES.get(name)
        if fn is None:
            raise AttributeError(f"no figure {name!r}; the figures are: {', '.join(self.names())}")
        return lambda: fn(self._result)

    def all(self) -> dict[str, go.Figure]:
        """Every figure of the report, by name."""
        return {name: fn(self._result) for name, fn in FIGURES.items()}
