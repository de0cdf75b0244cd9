"""Hostile and broken scenario files: each gets one clear error, fast, with little memory,
and nothing that existed is touched."""

from __future__ import annotations

import tracemalloc

import pytest
import yaml

from flopgrid import load_scenario
from flopgrid.errors import ScenarioError
from flopgrid.safety import MAX_NAME_LENGTH, MAX_YAML_BYTES, load_yaml, name_problem

from ..conftest import CASES
from ..helpers import cli, snapshot

LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def _problem(path, overrides=()):
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, overrides)
    assert len(info.value.problems) == 1, info.value.problems
    return info.value.problems[0]


def _validate_fails(path, expected: str) -> None:
    """`scenarios validate` exits 2 with ``expected`` in its message, no traceback, and
    leaves the folder as it was."""
    before = snapshot(path.parent)
    r = cli("scenarios", "validate", path)
    assert r.exit_code == 2, r.output
    assert expected in r.output and "Traceback" not in r.output
    assert snapshot(path.parent) == before


def test_billion_laughs_is_refused_before_anything_is_built(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(LAUGHS)
    assert len(LAUGHS) < 400
    tracemalloc.start()
    try:
        p = _problem(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "aliases (*name) expand to more than 200,000 values" in p.message
    assert (p.file, p.line) == (str(path), 1)
    assert peak < 20e6  # expanded, it would be 9**9 strings: gigabytes
    _validate_fails(path, "expand to more than 200,000 values")


def test_a_few_aliases_still_work(tmp_path):
    base = yaml.safe_load((CASES / "one_site.yaml").read_text())
    text = yaml.safe_dump(base).replace("country: US", "country: &c US")
    text += "description: *c\n"
    path = tmp_path / "aliased.yaml"
    path.write_text(text)
    assert load_scenario(path).description == "US"


def test_billion_laughs_in_an_override_is_refused():
    value = "[" + ", ".join(line.split(": ", 1)[1] for line in LAUGHS.splitlines()) + "]"
    p = _problem(CASES / "one_site.yaml", [f"description={value}"])
    assert p.file == "--set" and "expand to more than" in p.message


def test_deep_nesting_is_refused(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    p = _problem(path)
    assert p.message == "not usable YAML: nested deeper than 64 levels" and p.line == 1
    _validate_fails(path, "nested deeper than 64 levels")


def test_a_number_too_long_to_read_is_refused(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text("name: x\ndiscount_rate: 1" + "0" * 5000 + "\n")
    p = _problem(path)
    assert p.message == "not usable YAML: a number of 5,001 digits; at most 4,300 are read"
    assert p.line == 2


def test_oversized_file_is_refused_unread(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("# " + "x" * MAX_YAML_BYTES + "\nname: x\n")
    p = _problem(path)
    assert p.message == "is 1,000,011 bytes; at most 1,000,000 are read"
    _validate_fails(path, "at most 1,000,000 are read")


@pytest.mark.parametrize(
    ("content", "expected", "line"),
    [
        (b"name: x\n\x00\x01\x02binary", "is a binary file (a NUL byte); expected YAML text", 2),
        (b"name: caf\xe9\n", "is not UTF-8 text (byte 0xe9 at offset 9); save it as UTF-8", 1),
        (b"", "the file is empty; expected a scenario mapping", None),
        (b"# only a comment\n", "the file is empty; expected a scenario mapping", None),
        (b"- a\n- list\n", "expected a mapping of scenario fields at the top level", 1),
        (b"name: [unclosed\n", "not valid YAML", 2),
    ],
)
def test_broken_files_get_one_clear_error(tmp_path, content, expected, line):
    path = tmp_path / "broken.yaml"
    path.write_bytes(content)
    p = _problem(path)
    assert p.message.startswith(expected) and p.line == line
    _validate_fails(path, expected)


def test_a_byte_order_mark_is_fine(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (CASES / "one_site.yaml").read_bytes())
    assert load_scenario(path).name == "one-site"


def test_a_folder_is_not_a_scenario(tmp_path):
    folder = tmp_path / "dir.yaml"
    folder.mkdir()
    assert _problem(folder).message == "is a folder; expected a file of YAML text"


def test_yaml_loader_limits_hold_for_plain_data():
    assert load_yaml("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}
    with pytest.raises(yaml.YAMLError, match="expand to more than"):
        load_yaml(LAUGHS)


# -- names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../../etc/x", "contains '/': a name cannot hold a path"),
        ("..", "contains '..': a name cannot hold a path"),
        ("a..b", "contains '..': a name cannot hold a path"),
        ("/abs", "contains '/': a name cannot hold a path"),
        ("c:win", "contains ':': a name cannot hold a path"),
        ("back\\slash", "contains '\\\\': a name cannot hold a path"),
        ("red\x1b[31m", "contains the control character '\\x1b'"),
        ("new\nline", "contains the control character '\\n'"),
        (".hidden", "must not start with '.'"),
        ("-opt", "must not start with '-'"),
        (" pad", "must not start or end with a space"),
        ("", "must not be empty"),
        ("x" * (MAX_NAME_LENGTH + 1), "is 65 characters long; at most 64 are allowed"),
    ],
)
def test_the_one_name_rule(name, reason):
    assert name_problem(name) == reason


@pytest.mark.parametrize("name", ["one-site", "abu-dhabi", "g42", "Zürich 2", "a_b+c", "x" * 64])
def test_good_names_pass(name):
    assert name_problem(name) is None


def _case() -> dict:
    return yaml.safe_load((CASES / "one_site.yaml").read_text())


@pytest.mark.parametrize(
    ("where", "loc"),
    [
        ("name", "name"),
        ("site", "sites.../x"),
        ("tenant", "tenants.t/1"),
        ("member", "finance.members.m/1"),
    ],
)
def test_every_name_follows_the_rule(write, where, loc):
    data = _case()
    bad = {"name": "../x", "site": "../x", "tenant": "t/1", "member": "m/1"}[where]
    if where == "name":
        data["name"] = bad
    elif where == "site":
        data["sites"][bad] = data["sites"]["a"]
    elif where == "tenant":
        data["demand"]["by_year"] = None
        data["tenants"] = {bad: {"demand": {"by_year": {2030: 1}}, "value_usd_per_h100e_year": 1}}
    else:
        data["finance"] = {"members": {bad: {"shares": {"power": 0.5}}}}
    path = write(data)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    problems = info.value.problems
    match = [p for p in problems if p.path == loc]
    assert match and "a name cannot hold a path" in match[0].message, problems
    assert match[0].line is not None


def test_a_name_with_a_path_plans_nothing_and_writes_nothing(tmp_path):
    data = _case()
    data["name"] = "../../escaped"
    work = tmp_path / "work"
    work.mkdir()
    path = work / "s.yaml"
    path.write_text(yaml.safe_dump(data))
    before = snapshot(tmp_path)
    r = cli("plan", path, "--store", work / "runs.duckdb", "--out", work / "runs")
    assert r.exit_code == 2 and "name '../../escaped' contains '/'" in r.output
    assert snapshot(tmp_path) == before


def test_control_characters_in_errors_are_printed_as_escapes(write):
    data = _case()
    data["sites"]["a\x1b[2J"] = data["sites"]["a"]
    r = cli("scenarios", "validate", write(data))
    assert r.exit_code == 2 and "\x1b" not in r.output
    assert "a\\x1b[2J" in r.output
