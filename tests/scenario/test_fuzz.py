"""Property test: mutated scenarios give ScenarioError or a Scenario, never a traceback."""

from __future__ import annotations

import copy

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flopgrid import load_scenario
from flopgrid.errors import ScenarioError
from flopgrid.scenario.load import load_raw

from ..conftest import CASES

BASES = [load_raw(CASES / "one_site.yaml")[0]]

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=6), st.integers(), max_size=2),
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


def _mutate(data, path, action, junk):
    data = copy.deepcopy(data)
    if not path:
        return junk if action == "replace" else data
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    if action == "replace":
        parent[key] = junk
    elif action == "delete" and isinstance(parent, dict):
        del parent[key]
    elif action == "add" and isinstance(parent, dict):
        parent[f"{key}_x"] = junk
    return data


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_scenarios_never_raise_tracebacks(tmp_path, data):
    base = BASES[0]
    paths = list(_paths(base))
    path = data.draw(st.sampled_from(paths))
    action = data.draw(st.sampled_from(["replace", "delete", "add"]))
    junk = data.draw(JUNK)
    mutated = _mutate(base, path, action, junk)
    target = tmp_path / "m.yaml"
    target.write_text(yaml.safe_dump(mutated))
    try:
        load_scenario(target)
    except ScenarioError as exc:
        assert exc.problems and all(p.message for p in exc.problems)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=200))
def test_arbitrary_text_never_raises_tracebacks(tmp_path, text):
    target = tmp_path / "t.yaml"
    target.write_text(text)
    try:
        load_scenario(target)
    except ScenarioError as exc:
        assert exc.problems
