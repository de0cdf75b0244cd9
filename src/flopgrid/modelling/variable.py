"""Adding a masked, bounded variable to a linopy model without linopy's broadcasting.

``linopy.Model.add_variables`` aligns and broadcasts its bounds and mask through xarray
(~15 ms a call, most of a small model's variables). :func:`add_variable` builds the same
variable (the same labels, bounds, scaling and attributes; a test compares them) from
numpy arrays on the given coordinates, and falls back to linopy for anything else.
"""

from __future__ import annotations

import linopy
import numpy as np
import pandas as pd
import xarray as xr
from linopy.variables import Variable

from .expr import _values_on


def add_variable(
    m: linopy.Model,
    name: str,
    coords: list[pd.Index],
    lower: xr.DataArray | float = 0.0,
    upper: xr.DataArray | float = np.inf,
    mask: xr.DataArray | None = None,
    integer: bool = False,
) -> linopy.Variable:
    """``m.add_variables(lower, upper, coords=coords, name=name, mask=mask, integer=...)``.

    Bounds and mask are read by label on ``coords`` (their dims a subset of the coords';
    a label they lack reads 0 for a bound, False for the mask)."""
    if name in m.variables or not hasattr(m, "_allocate_labels") or m.chunk or m.auto_mask:
        return m.add_variables(
            lower=lower, upper=upper, coords=coords, name=name, mask=mask, integer=integer
        )
    dims = [str(c.name) for c in coords]
    shape = tuple(len(c) for c in coords)
    size = int(np.prod(shape, dtype=np.int64))

    def on_grid(value, fill: float) -> np.ndarray:
        if isinstance(value, xr.DataArray):
            return _values_on(value.astype(float), coords, fill=fill).reshape(shape)
        return np.full(shape, float(value))

    start = m._xCounter
    labels = m._allocate_labels(start, start + size).reshape(shape)
    m._xCounter += size
    if mask is not None:
        labels = np.where(on_grid(mask, 0.0) != 0, labels, -1).astype(labels.dtype)
    data = xr.Dataset(
        {
            "lower": (dims, on_grid(lower, 0.0)),
            "upper": (dims, on_grid(upper, 0.0)),
            "scaling": (dims, np.ones(shape)),
            "labels": (dims, labels),
        },
        coords={d: c for d, c in zip(dims, coords, strict=True)},
        attrs={
            "label_range": (start, start + size),
            "name": name,
            "binary": False,
            "integer": bool(integer),
            "semi_continuous": False,
        },
    )
    variable = Variable(data, name=name, model=m, skip_broadcast=True)
    m.variables.add(variable)
    return variable
