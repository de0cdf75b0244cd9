"""Weighted sums of one variable, built with only the terms that reach the LP.

linopy multiplies a variable by a constant on the full broadcast of both (every slot of
the variable, masked or not, times every cell of the constant, zero or not) and sums
after that, so "accelerators in service per site and year" carries a term for every
(generation, vintage) pair whether the slot exists or the asset serves that year. For
the planning model's largest variable (accelerators by site, generation, vintage and
tenant) that is about four times the terms that reach the LP, and it was most of the
build and of the hand-off to the solver.

:func:`weighted_expr` does the same sum in numpy over the variable's existing slots only,
drops zero weights, and returns a sparse :class:`~flopgrid.modelling.expr.Expr`;
:func:`weighted_sum` packs the same terms side by side into an ordinary linopy expression.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import linopy
import numpy as np
import pandas as pd
import scipy.sparse as sp
import xarray as xr

from .expr import Expr, _indexes, _values_on

#: linopy's name for the dimension along which an expression's terms lie
TERM_DIM = "_term"


def weighted_sum(
    var: linopy.Variable,
    weight: xr.DataArray,
    dims: Sequence[str],
    groups: Mapping[str, xr.DataArray] | None = None,
) -> linopy.LinearExpression:
    """:func:`weighted_expr` as a linopy expression."""
    var = getattr(var, "variable", var)  # a sparse view of a variable is read as the variable
    rows, labels, coeffs, indexes = _terms(var, weight, dims, groups)
    return packed(var.model, rows, labels, coeffs, indexes)


def weighted_expr(
    var: linopy.Variable,
    weight: xr.DataArray,
    dims: Sequence[str],
    groups: Mapping[str, xr.DataArray] | None = None,
) -> Expr:
    """``(var * weight).sum(...)`` over every dimension not in ``dims``, non-zero terms only.

    Parameters
    ----------
    var
        The variable; its masked slots contribute nothing.
    weight
        Coefficients. Its dimensions may be ``var``'s (aligned by label; labels it lacks
        weigh 0), the group dimensions, and new ones (for example ``year`` against a
        ``vintage`` variable), over which the sum is spread. Must be finite.
    dims
        The dimensions of the result, in order; each is a dimension of ``var``, a group
        dimension or a dimension of ``weight``.
    groups
        ``{new_dim: labels}``, where ``labels`` gives each slot along one of ``var``'s
        dimensions its label on ``new_dim`` (a groupby). Slots whose label is null, or not
        among ``weight``'s labels on ``new_dim`` when it has that dimension, are left out.

    Raises
    ------
    ValueError
        If a weight is not finite or a dimension of the result cannot be placed.
    """
    var = getattr(var, "variable", var)  # a sparse view of a variable is read as the variable
    rows, labels, coeffs, indexes = _terms(var, weight, dims, groups)
    n_rows = int(np.prod([len(i) for i in indexes], dtype=np.int64))
    csr = sp.csr_array((coeffs, (rows, labels)), shape=(n_rows, var.model._xCounter))
    return Expr(indexes, csr, np.zeros(n_rows), var.model)


def _terms(var, weight, dims, groups) -> tuple:
    """Row (C order over the result's indexes), variable label and coefficient of each
    term, and the result's indexes."""
    groups = dict(groups or {})
    labels = var.labels
    var_dims = [str(d) for d in labels.dims]
    indexes = {d: labels.indexes[d] for d in var_dims}
    values = labels.values
    slot = np.nonzero(values != -1)
    at = {d: slot[i] for i, d in enumerate(var_dims)}  # position of each slot on each dim
    keep = np.ones(len(slot[0]), dtype=bool)
    for new_dim, mapping in groups.items():
        (over,) = mapping.dims
        if new_dim in weight.dims:
            index = weight.indexes[new_dim]
        else:
            index = pd.Index(sorted(pd.unique(mapping.dropna(str(over)).values)), name=new_dim)
        codes = index.get_indexer(mapping.reindex({over: indexes[str(over)]}).values)
        at[new_dim] = codes[at[str(over)]]
        keep &= at[new_dim] >= 0
        indexes[new_dim] = index.rename(new_dim)
    if not keep.all():
        at = {d: a[keep] for d, a in at.items()}
    var_labels = values[slot][keep]

    gathered = [str(d) for d in weight.dims if str(d) in at]
    spread = [str(d) for d in weight.dims if str(d) not in at]
    own = {str(i.name): i for i in _indexes(weight)}
    for d in spread:
        indexes[d] = own[d]
    # the weight on (gathered, spread) by label, in numpy (labels the variable lacks dropped,
    # labels the weight lacks 0)
    w_flat = _values_on(weight, [indexes[d].rename(d) for d in (*gathered, *spread)])
    if not np.isfinite(w_flat).all():
        raise ValueError(f"weighted_sum: the weight of {var.name!r} has non-finite values")
    for d in dims:
        if d not in indexes:
            raise ValueError(
                f"weighted_sum: {d!r} is not a dimension of the variable, a group or the weight"
            )

    # the weight's non-zeros, grouped by the cell of its gathered dims (C order)
    gathered_shape = tuple(len(indexes[d]) for d in gathered)
    spread_shape = tuple(len(indexes[d]) for d in spread)
    n_gathered = int(np.prod(gathered_shape, dtype=np.int64))
    n_spread = int(np.prod(spread_shape, dtype=np.int64))
    w2 = w_flat.reshape(n_gathered, n_spread)  # explicit: either may be 0 (no techs...)
    cell, spread_cell = np.nonzero(w2)
    weights = w2[cell, spread_cell]
    per_cell = np.bincount(cell, minlength=n_gathered)
    cell_start = np.cumsum(per_cell) - per_cell
    # each slot takes the non-zeros of its cell: one term per (slot, non-zero)
    slot_cell = (
        np.ravel_multi_index([at[d] for d in gathered], gathered_shape)
        if gathered
        else np.zeros(len(var_labels), dtype=np.intp)
    )
    n_terms = per_cell[slot_cell]
    n_all = int(n_terms.sum())
    term_first = np.cumsum(n_terms) - n_terms

    # row of each term: a part set by its slot plus a part set by its weight's non-zero
    shape = tuple(len(indexes[d]) for d in dims)
    stride = {d: int(np.prod(shape[i + 1 :], dtype=np.int64)) for i, d in enumerate(dims)}
    slot_row = np.zeros(len(var_labels), dtype=np.int64)
    nonzero_row = np.zeros(len(cell), dtype=np.int64)
    spread_at = np.unravel_index(spread_cell, spread_shape) if spread else ()
    for d in dims:
        if d in spread:
            nonzero_row += spread_at[spread.index(d)] * stride[d]
        else:
            slot_row += at[d] * stride[d]
    # term i of slot j is non-zero cell_start[slot_cell[j]] + (i - term_first[j]) of the weight
    # (built in place: at this size every temporary array costs)
    entry = np.repeat(cell_start[slot_cell] - term_first, n_terms)
    entry += np.arange(n_all)
    rows = np.repeat(slot_row, n_terms)
    rows += nonzero_row[entry]
    coeffs = weights[entry]
    del entry
    labels_ = np.repeat(var_labels, n_terms)
    return rows, labels_, coeffs, [indexes[d].rename(d) for d in dims]


def packed(
    model: linopy.Model,
    rows: np.ndarray,
    labels: np.ndarray,
    coeffs: np.ndarray,
    indexes: list[pd.Index],
) -> linopy.LinearExpression:
    """A linopy expression whose row ``rows[i]`` (C order over ``indexes``) holds term i."""
    shape = tuple(len(i) for i in indexes)
    n_rows = int(np.prod(shape, dtype=np.int64))
    # a narrower key sorts faster: numpy radix-sorts 16-bit keys
    for key in (np.uint16, np.int32):
        if n_rows <= np.iinfo(key).max:
            rows = rows.astype(key)
            break
    order = np.argsort(rows, kind="stable")
    rows = rows[order]
    counts = np.bincount(rows, minlength=n_rows)
    width = max(int(counts.max(initial=0)), 1)
    # the k-th term of row r goes to r * width + k
    shift = np.arange(n_rows, dtype=np.int64) * width - (np.cumsum(counts) - counts)
    flat = shift[rows]
    del rows
    flat += np.arange(len(flat))
    vars_ = np.full(n_rows * width, -1, dtype=labels.dtype)
    vars_[flat] = labels[order]
    coeffs_ = np.zeros(n_rows * width)
    coeffs_[flat] = coeffs[order]
    dims = [str(i.name) for i in indexes]
    data = xr.Dataset(
        {
            "vars": ([*dims, TERM_DIM], vars_.reshape(*shape, width)),
            "coeffs": ([*dims, TERM_DIM], coeffs_.reshape(*shape, width)),
            "const": (dims, np.zeros(shape)),
        },
        coords={str(i.name): i for i in indexes},
    )
    return linopy.LinearExpression(data, model)
