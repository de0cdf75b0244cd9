"""Linear expressions as a sparse matrix on a labelled grid, for building models fast.

linopy keeps an expression as xarray arrays with one ``_term`` slot per possible term and
pays xarray's alignment and copying on every ``+``, ``*`` and ``sum``: a few milliseconds
a call, which is most of a small model's build. :class:`Expr` holds the same thing as
``A @ x + c``: a CSR matrix ``A`` (one row per cell of the grid, C order over
``indexes``; one column per variable label of the model) and a constant per cell, and
does the arithmetic families need (``+``, ``-``, ``*`` by a constant or a labelled
array, ``sum`` over dimensions) as sparse linear algebra. A constraint built from it goes
to linopy already frozen (:func:`flopgrid.modelling.limit.add_limit`), so the model, its
hand-off to the solver, its duals and LP files are linopy's as before.

linopy variables and expressions combine with an :class:`Expr` (they are converted), so a
family may mix both; arrays align by label, missing labels count as 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import linopy
import numpy as np
import pandas as pd
import scipy.sparse as sp
import xarray as xr


class Expr:
    """``A @ x + const`` on the grid ``indexes`` (each a named :class:`pandas.Index`)."""

    __slots__ = ("const", "csr", "indexes", "model")
    __array_ufunc__ = None  # numpy defers to our operators (``array * expr``)

    def __init__(self, indexes: Sequence[pd.Index], csr, const: np.ndarray, model) -> None:
        self.indexes = tuple(indexes)
        self.csr = csr if isinstance(csr, sp.csr_array) else sp.csr_array(csr)
        self.const = np.asarray(const, dtype=float)
        self.model = model

    # --- construction -------------------------------------------------------------------
    @classmethod
    def of(cls, obj, model=None) -> Expr:
        """An Expr of a linopy variable or expression (masked slots contribute 0)."""
        if isinstance(obj, Expr):
            return obj
        if isinstance(obj, linopy.Variable):
            labels = obj.labels
            idx = _indexes(labels)
            flat = labels.values.reshape(-1)
            m = obj.model
            rows = np.flatnonzero(flat != -1)
            csr = sp.csr_array(
                (np.ones(len(rows)), (rows, flat[rows])), shape=(flat.size, m._xCounter)
            )
            return cls(idx, csr, np.zeros(flat.size), m)
        if isinstance(obj, linopy.LinearExpression):
            data = obj.data
            dims = [d for d in obj.const.dims]
            idx = _indexes(obj.const)
            vars_ = data["vars"].transpose(*dims, "_term").values
            coeffs = data["coeffs"].transpose(*dims, "_term").values
            n = int(np.prod(vars_.shape[:-1], dtype=np.int64))
            vars_ = vars_.reshape(n, -1)
            coeffs = coeffs.reshape(n, -1)
            r, t = np.nonzero(vars_ != -1)
            m = obj.model
            csr = sp.csr_array((coeffs[r, t], (r, vars_[r, t])), shape=(n, m._xCounter))
            const = np.nan_to_num(obj.const.transpose(*dims).values.reshape(-1))
            return cls(idx, csr, const, m)
        raise TypeError(f"cannot make a linear expression of {type(obj).__name__}")

    @property
    def dims(self) -> tuple[str, ...]:
        return tuple(str(i.name) for i in self.indexes)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(i) for i in self.indexes)

    @property
    def sizes(self) -> dict[str, int]:
        return dict(zip(self.dims, self.shape, strict=True))

    @property
    def coords(self) -> dict[str, pd.Index]:
        return {str(i.name): i for i in self.indexes}

    def __repr__(self) -> str:
        return f"Expr({self.sizes}, {self.csr.nnz} terms)"

    # --- arithmetic ---------------------------------------------------------------------
    def _on(self, indexes: Sequence[pd.Index], ncols: int) -> tuple:
        """This expression's matrix and constant broadcast onto ``indexes``."""
        csr, const = self.csr, self.const
        if csr.shape[1] < ncols:
            csr = sp.csr_array((csr.data, csr.indices, csr.indptr), shape=(csr.shape[0], ncols))
        if _same(self.indexes, indexes):
            return csr, const
        src = _cell_map(self.indexes, indexes)
        keep = np.flatnonzero(src >= 0)
        pick = sp.csr_array((np.ones(len(keep)), (keep, src[keep])), shape=(len(src), csr.shape[0]))
        const_on = np.zeros(len(src))
        const_on[keep] = const[src[keep]]
        return (pick @ csr).tocsr(), const_on

    def _combine(self, other, sign: float) -> Expr:
        if isinstance(other, (int, float, np.number)):
            return Expr(self.indexes, self.csr, self.const + sign * float(other), self.model)
        if isinstance(other, xr.DataArray):
            grid = _union(self.indexes, _indexes(other))
            csr, const = self._on(grid, self.csr.shape[1])
            return Expr(grid, csr, const + sign * _values_on(other, grid), self.model)
        if isinstance(other, (linopy.Variable, linopy.LinearExpression)):
            other = Expr.of(other)
        if not isinstance(other, Expr):
            return NotImplemented
        grid = _union(self.indexes, other.indexes)
        ncols = max(self.csr.shape[1], other.csr.shape[1])
        a, ca = self._on(grid, ncols)
        b, cb = other._on(grid, ncols)
        return Expr(grid, a + b if sign > 0 else a - b, ca + sign * cb, self.model)

    def __add__(self, other) -> Expr:
        return self._combine(other, 1.0)

    def __sub__(self, other) -> Expr:
        return self._combine(other, -1.0)

    def __radd__(self, other) -> Expr:
        return self._combine(other, 1.0)

    def __rsub__(self, other) -> Expr:
        return (-self)._combine(other, 1.0)

    def __neg__(self) -> Expr:
        return Expr(self.indexes, -self.csr, -self.const, self.model)

    def __mul__(self, other) -> Expr:
        if isinstance(other, (int, float, np.number)):
            f = float(other)
            return Expr(self.indexes, self.csr * f, self.const * f, self.model)
        if not isinstance(other, xr.DataArray):
            return NotImplemented
        grid = _union(self.indexes, _indexes(other))
        csr, const = self._on(grid, self.csr.shape[1])
        w = _values_on(other, grid)
        return Expr(grid, sp.diags_array(w) @ csr, const * w, self.model)

    __rmul__ = __mul__

    def __truediv__(self, other) -> Expr:
        return self * (1.0 / other)

    def sum(self, dims: str | Iterable[str] | None = None) -> Expr:
        """Summed over ``dims`` (all when None)."""
        names = self.dims if dims is None else [dims] if isinstance(dims, str) else dims
        drop = set(names)
        unknown = drop - set(self.dims)
        if unknown:
            raise ValueError(f"cannot sum over {sorted(unknown)}: not dims of {self.dims}")
        if not drop:
            return self
        keep = [i for i in self.indexes if i.name not in drop]
        n = int(np.prod(self.shape, dtype=np.int64))
        if keep:
            at = np.unravel_index(np.arange(n), self.shape)
            pos = {d: at[k] for k, d in enumerate(self.dims)}
            tgt = np.ravel_multi_index([pos[str(i.name)] for i in keep], [len(i) for i in keep])
        else:
            tgt = np.zeros(n, dtype=np.intp)
        n_tgt = int(np.prod([len(i) for i in keep], dtype=np.int64))
        agg = sp.csr_array((np.ones(n), (tgt, np.arange(n))), shape=(n_tgt, n))
        const = np.bincount(tgt, weights=self.const, minlength=n_tgt)
        return Expr(keep, (agg @ self.csr).tocsr(), const, self.model)

    def cumsum(self, dim: str) -> Expr:
        """The running sum along ``dim`` (each cell: itself and every earlier one)."""
        k = self.dims.index(dim)
        shape = self.shape
        before, after = int(np.prod(shape[:k])), int(np.prod(shape[k + 1 :]))
        lower = sp.csr_array(np.tril(np.ones((shape[k], shape[k]))))
        op = sp.kron(sp.identity(before), sp.kron(lower, sp.identity(after)), format="csr")
        return Expr(self.indexes, sp.csr_array(op @ self.csr), op @ self.const, self.model)

    def rename(self, mapping: dict[str, str] | None = None, **names: str) -> Expr:
        """The same expression with dimensions renamed (``rename(gen="gen2")``)."""
        names = {**(mapping or {}), **names}
        idx = tuple(i.rename(names.get(str(i.name), i.name)) for i in self.indexes)
        return Expr(idx, self.csr, self.const, self.model)

    def transpose(self, *dims: str) -> Expr:
        """The same expression with its grid in the order ``dims``."""
        grid = [self.coords[d] for d in dims]
        csr, const = self._on(grid, self.csr.shape[1])
        return Expr(grid, csr, const, self.model)

    # --- reading ------------------------------------------------------------------------
    def value(self, x: np.ndarray) -> xr.DataArray:
        """The expression at variable values ``x`` (by label) as a labelled array."""
        n = self.csr.shape[1]
        return grid_array(self.csr @ x[:n] + self.const, self.indexes)

    def to_linopy(self) -> linopy.LinearExpression:
        """The same expression as a linopy expression (terms packed side by side)."""
        from .sparse import packed

        coo = self.csr.tocoo()
        expr = packed(self.model, coo.row, coo.col, coo.data, list(self.indexes))
        if self.const.any():
            expr = expr + xr.DataArray(self.const.reshape(self.shape), coords=list(self.indexes))
        return expr


#: an empty array per grid seen (by the identity of its indexes), whose shallow copies
#: with new values are new arrays on that grid
_TEMPLATES: dict[tuple[int, ...], tuple[tuple[pd.Index, ...], xr.DataArray]] = {}


def grid_array(values: np.ndarray, indexes: Sequence[pd.Index]) -> xr.DataArray:
    """``values`` (flat, C order) as a labelled array on ``indexes``.

    ``xr.DataArray(values, coords=indexes)`` deep-copies every index (~1 ms a call); a
    shallow copy of a cached array on the same indexes with new data does not.
    """
    indexes = tuple(indexes)
    shape = tuple(len(i) for i in indexes)
    key = tuple(id(i) for i in indexes)
    hit = _TEMPLATES.get(key)
    if hit is None or any(a is not b for a, b in zip(hit[0], indexes, strict=True)):
        if len(_TEMPLATES) > 512:
            _TEMPLATES.clear()
        hit = (indexes, xr.DataArray(np.zeros(shape), coords=list(indexes)))
        _TEMPLATES[key] = hit  # holds the indexes, so their ids are not reused meanwhile
    return hit[1].copy(deep=False, data=np.asarray(values, dtype=float).reshape(shape))


def _indexes(da: xr.DataArray) -> tuple[pd.Index, ...]:
    return tuple(da.indexes[d].rename(d) if d in da.indexes else _range(da, d) for d in da.dims)


def _range(da: xr.DataArray, d) -> pd.Index:
    return pd.RangeIndex(da.sizes[d], name=d)


def _same(a: Sequence[pd.Index], b: Sequence[pd.Index]) -> bool:
    return len(a) == len(b) and all(
        x.name == y.name and (x is y or x.equals(y)) for x, y in zip(a, b, strict=True)
    )


def _union(a: Sequence[pd.Index], b: Sequence[pd.Index]) -> tuple[pd.Index, ...]:
    """The grid of both: ``a``'s dims in order (labels joined), then ``b``'s new dims."""
    other = {str(i.name): i for i in b}
    out = []
    for i in a:
        j = other.pop(str(i.name), None)
        out.append(i if j is None or i is j or i.equals(j) else i.union(j).rename(i.name))
    return (*out, *other.values())


def _cell_map(src: Sequence[pd.Index], tgt: Sequence[pd.Index]) -> np.ndarray:
    """For each cell of ``tgt``, the cell of ``src`` it reads (-1: a label ``src`` lacks)."""
    tgt_dims = [str(i.name) for i in tgt]
    shape = [len(i) for i in tgt]
    cell = np.zeros(shape, dtype=np.int64)
    bad = np.zeros(shape, dtype=bool)
    stride = 1
    for i in reversed(src):
        d = str(i.name)
        if d not in tgt_dims:
            raise ValueError(f"dimension {d!r} is not in the target grid {tgt_dims}")
        k = tgt_dims.index(d)
        t = tgt[k]
        pos = np.arange(len(i)) if (t is i or t.equals(i)) else i.get_indexer(t)
        view = [1] * len(shape)
        view[k] = len(pos)
        cell = cell + pos.reshape(view) * stride
        bad = bad | (pos < 0).reshape(view)
        stride *= len(i)
    return np.where(bad, -1, cell).reshape(-1)


def _values_on(da: xr.DataArray, grid: Sequence[pd.Index], fill: float = 0.0) -> np.ndarray:
    """``da``'s values broadcast onto ``grid`` (flat, C order); labels it lacks read ``fill``."""
    src = _indexes(da)
    values = np.asarray(da.values, dtype=float)
    if not src:
        return np.full(int(np.prod([len(i) for i in grid], dtype=np.int64)), float(values))
    flat = values.reshape(-1)
    if _same(src, grid):
        return flat.copy()
    where = _cell_map(src, grid)
    out = np.full(len(where), fill)
    ok = where >= 0
    out[ok] = flat[where[ok]]
    return out
