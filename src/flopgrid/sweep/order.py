"""The order a sweep hands its tasks to the workers: a short path through the design.

A worker solves each sample from the previous sample's optimal basis
(:mod:`~flopgrid.sweep.reuse`), and the simplex needs the fewer iterations the closer the
two samples are. A Latin hypercube lists its points in no useful order: on
``global-36-fabs`` (24 samples of ``benchmarks/sweep_bench.py``'s four factors) a warm
solve in the design's order took 624 simplex iterations on average, and 162 along the path
this module draws (262 when two workers take every other task of it:
``benchmarks/warm_order.py``). The order changes which worker plans which sample and from
which basis, never a result: every sample's objective equals a cold solve's.

The path is a greedy nearest-neighbour tour in the design's coordinates (each factor
scaled to [0, 1] over the sweep's tasks, L1 distance), from the point nearest the
design's lower corner. Above :data:`GREEDY_MAX` tasks (the tour is quadratic in them) the
tasks are sorted along a Z-order curve instead, which keeps neighbours mostly together.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: the most tasks the greedy tour orders (it costs ~n^2 x factors operations: 2,000 tasks of
#: 4 factors take ~0.2 s, 20,000 ~10 s); more are sorted along a Z-order curve (30,000: ~1 s)
GREEDY_MAX = 5_000
#: bits per factor of the Z-order curve's grid
_Z_BITS = 10


def warm_order(points: Sequence[dict[str, float]]) -> list[int]:
    """Positions 0..n-1 of ``points`` (each task's design coordinates, factor label ->
    number) in the order that keeps consecutive tasks close."""
    return _order(_unit_coordinates(points))


def _order(z: np.ndarray) -> list[int]:
    """:func:`warm_order` on (task, factor) unit coordinates."""
    n = len(z)
    if n <= 2 or z.shape[1] == 0:
        return list(range(n))
    return _z_order(z) if n > GREEDY_MAX else _greedy_tour(z)


def _unit_coordinates(points: Sequence[dict[str, float]]) -> np.ndarray:
    """(task, factor) coordinates scaled to [0, 1]; factors that do not vary are dropped,
    a factor a task lacks sits at 0."""
    if not points:
        return np.zeros((0, 0))
    labels = sorted({label for p in points for label in p})
    x = np.array([[float(p.get(label, 0.0)) for label in labels] for p in points])
    x = np.where(np.isfinite(x), x, 0.0).reshape(len(points), len(labels))
    lo, hi = x.min(axis=0), x.max(axis=0)
    varies = hi > lo
    return (x[:, varies] - lo[varies]) / (hi[varies] - lo[varies])


def _greedy_tour(z: np.ndarray) -> list[int]:
    """Greedy nearest-neighbour tour; the tasks not yet visited are kept packed at the
    front of ``rest`` (a visited one is swapped with the last), so a step reads only them."""
    rest, idx = z.copy(), np.arange(len(z))
    k = int(np.argmin(rest.sum(axis=1)))
    tour: list[int] = []
    for size in range(len(z), 0, -1):
        here = rest[k].copy()
        tour.append(int(idx[k]))
        last = size - 1
        rest[k], idx[k] = rest[last], idx[last]
        if last:
            k = int(np.argmin(np.abs(rest[:last] - here).sum(axis=1)))
    return tour


def _z_order(z: np.ndarray) -> list[int]:
    """Sort along a Z-order (Morton) curve: interleave the bits of each coordinate."""
    cells = np.minimum((z * (1 << _Z_BITS)).astype(np.int64), (1 << _Z_BITS) - 1)
    code = [0] * len(z)
    for i, row in enumerate(cells):
        c = 0
        for bit in range(_Z_BITS - 1, -1, -1):
            for v in row:
                c = (c << 1) | ((int(v) >> bit) & 1)
        code[i] = c
    return sorted(range(len(z)), key=code.__getitem__)


class WarmQueue:
    """A sweep's pending tasks, each handed to the worker that freed a slot as the pending
    task nearest the one that worker just finished.

    With one task in flight per worker the freed slot is that worker's, so each worker
    walks its own nearest-neighbour path through the design. The ``slots`` first tasks
    (no task finished yet) are spread along :func:`warm_order`'s path, one at the start
    of each ``1/slots`` of it, so that the workers start apart. Tasks put back (a lost
    worker's) go out first. Above :data:`GREEDY_MAX` tasks the queue follows the path.
    """

    def __init__(self, task_nos: Sequence[int], points: Sequence[dict[str, float]], slots: int):
        z = _unit_coordinates(points)
        order = _order(z)
        self._path = [int(task_nos[i]) for i in order]  # tasks in path order
        n = len(order)
        self._pos = {t: i for i, t in enumerate(self._path)}
        self._z = z[order]
        self._left = np.ones(n, dtype=bool)
        self._count = n
        self._starts = [i * n // max(slots, 1) for i in range(min(slots, n))]
        self._nearest = 2 < n <= GREEDY_MAX
        self._front: list[int] = []

    def __len__(self) -> int:
        return len(self._front) + self._count

    def put_back(self, task_no: int) -> None:
        """Hand ``task_no`` out again, before any other."""
        self._front.append(task_no)

    def pop(self, after: int | None = None) -> int:
        """The next task for the slot that finished ``after`` (None: a slot no task has
        freed, or one whose task is unknown)."""
        if self._front:
            return self._front.pop()
        if self._count == 0:
            raise IndexError("pop from an empty WarmQueue")
        at = self._pos.get(after) if after is not None else None
        i = None
        if at is None or not self._nearest:
            while self._starts and i is None:
                start = self._starts.pop(0)
                i = start if self._left[start] else None
            if i is None:
                i = int(np.argmax(self._left))  # the first pending along the path
        else:
            left = np.flatnonzero(self._left)
            i = int(left[np.argmin(np.abs(self._z[left] - self._z[at]).sum(axis=1))])
        self._left[i] = False
        self._count -= 1
        return self._path[i]
