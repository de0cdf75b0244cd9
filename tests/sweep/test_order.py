"""The order a sweep hands out its tasks: a short path through the design."""

from __future__ import annotations

import numpy as np
import pytest

from flopgrid.sweep import Design, create_sweep, make_engine, parse_vary, run_sweep
from flopgrid.sweep import order as order_mod
from flopgrid.sweep.order import WarmQueue, warm_order

from .conftest import ONE_SITE


def _length(points: list[dict], order: list[int]) -> float:
    z = np.array([[p[k] for k in sorted(p)] for p in points])
    z = (z - z.min(axis=0)) / (z.max(axis=0) - z.min(axis=0))
    return float(np.abs(np.diff(z[order], axis=0)).sum())


def test_points_on_a_line_are_visited_in_their_order():
    values = [0.7, 0.1, 0.9, 0.3, 0.5, 0.2, 0.8, 0.4, 0.6, 0.0]
    got = warm_order([{"discount_rate": v, "flat": 3.0} for v in values])
    assert [values[i] for i in got] == sorted(values)


@pytest.mark.parametrize("greedy_max", [order_mod.GREEDY_MAX, 10])
def test_the_path_is_a_permutation_much_shorter_than_the_design_order(monkeypatch, greedy_max):
    # greedy_max 10: the Z-order curve a sweep of more than GREEDY_MAX tasks is sorted on
    monkeypatch.setattr(order_mod, "GREEDY_MAX", greedy_max)
    rng = np.random.default_rng(7)
    points = [dict(zip("abc", row, strict=True)) for row in rng.random((300, 3))]
    got = warm_order(points)
    assert sorted(got) == list(range(300))
    ratio = _length(points, got) / _length(points, list(range(300)))
    assert ratio < (0.25 if greedy_max > 300 else 0.5), ratio


def test_degenerate_designs_keep_their_order():
    assert warm_order([]) == []
    assert warm_order([{"a": 1.0}, {"a": 0.0}]) == [0, 1]
    assert warm_order([{}, {}, {}]) == [0, 1, 2]  # nothing varies
    assert warm_order([{"a": 2.0}] * 4) == [0, 1, 2, 3]
    # a factor a task lacks counts as 0; non-finite coordinates as 0
    assert warm_order([{"a": 2.0}, {}, {"a": 1.0}, {"a": float("nan")}])[0] in (1, 3)


def test_each_freed_slot_gets_the_task_nearest_its_last():
    values = [0.7, 0.1, 0.9, 0.3, 0.5, 0.2, 0.8, 0.4, 0.6, 0.0]  # task i at values[i]
    nos = [10 + i for i in range(10)]  # task numbers need not be positions
    q = WarmQueue(nos, [{"x": v} for v in values], slots=2)
    assert len(q) == 10
    a, b = q.pop(), q.pop()  # the two workers start at 0 and halfway along the path
    assert (values[a - 10], values[b - 10]) == (0.0, 0.5)
    assert values[q.pop(after=a) - 10] == 0.1  # worker A walks up from 0
    assert values[q.pop(after=b) - 10] in (0.4, 0.6)  # worker B's neighbours
    q.put_back(a)  # a lost worker's task goes out first
    assert q.pop(after=b) == a and len(q) == 6
    rest = [q.pop(after=None) for _ in range(6)]  # no known last task: along the path
    assert [values[t - 10] for t in rest] == sorted(values[t - 10] for t in rest)
    with pytest.raises(IndexError):
        q.pop()


def test_a_sweep_submits_its_tasks_along_the_path(store):
    d = Design(ONE_SITE, parse_vary(["discount_rate=[0.1, 0.05, 0.07]"]))
    sweep_id = create_sweep(d, store)
    seen: list[int] = []
    # one worker: tasks finish in the order they were handed out
    stats = run_sweep(
        sweep_id,
        make_engine("local", workers=1),
        store=store,
        on_result=lambda res, engine: seen.append(res["task_no"]),
        record_every_s=0,
    )
    assert stats.done == 3
    assert seen == [1, 2, 0]  # 0.05, 0.07, 0.1
