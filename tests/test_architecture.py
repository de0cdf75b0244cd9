"""The code keeps the shape DESIGN.md gives it: a one-way flow between subpackages,
small modules, and one record per constraint family that the docs are generated from."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "flopgrid"
README = Path(__file__).resolve().parents[1] / "README.md"


def _node(path: Path) -> str:
    """The subpackage (or top-level module) a file belongs to."""
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 else rel.stem


def _imports(path: Path) -> set[str]:
    """Subpackages a file imports, at module level or inside functions."""
    rel = path.relative_to(SRC)
    package = list(rel.parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1] if node.level > 1 else package
                target = [*base, *(node.module.split(".") if node.module else [])]
                if not target:  # `from .. import x`: the names are the modules
                    target = [node.names[0].name]
            elif node.module and node.module.startswith("flopgrid."):
                target = node.module.split(".")[1:]
            else:
                continue
            if target:
                found.add(target[0].removesuffix(".py"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("flopgrid."):
                    found.add(alias.name.split(".")[1])
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        if path == SRC / "__init__.py":  # the public API facade sits above everything
            continue
        node = _node(path)
        graph.setdefault(node, set()).update(d for d in _imports(path) if d != node)
    return graph


def test_results_and_report_know_no_model():
    for pkg in ("results", "report"):
        for path in (SRC / pkg).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"from \.\.(plan|dispatch)", text), path
            assert not _imports(path) & {"plan", "dispatch", "workflow", "sweep"}, path


def test_no_import_cycle_among_subpackages():
    graph = _graph()
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                cycle = [*trail[trail.index(dep) :], dep] if dep in trail else [node, dep]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if dep not in state:
                visit(dep, [*trail, dep])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])


def test_layers_point_one_way():
    graph = _graph()
    # the lower layers never reach up into what reads them
    below = {
        "records": set(),
        "units": set(),
        "safety": {"errors"},
        "scenario": {"errors", "units", "finance", "safety"},
        "results": {"errors", "units", "records", "finance", "safety"},
    }
    for node, allowed in below.items():
        extra = graph.get(node, set()) - allowed
        assert not extra, f"{node} imports {sorted(extra)}"
    for model in ("plan", "dispatch"):
        assert "report" not in graph[model] and "cli" not in graph[model], model


def test_modules_stay_small():
    big = {
        str(p.relative_to(SRC)): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 420
    }
    assert not big, f"modules over ~400 lines (two ideas?): {big}"


def test_readme_constraint_table_is_generated_from_the_records():
    from flopgrid.plan.families import constraint_table

    assert constraint_table() in README.read_text(encoding="utf-8"), (
        "README's constraint table differs from the family records; paste the output of "
        "`python -m flopgrid.plan.families`"
    )


def test_every_family_has_one_record_with_words_and_units():
    from flopgrid.dispatch.families import RECORDS as DISPATCH
    from flopgrid.plan.families import FAMILIES

    names = [f.record.name for f in FAMILIES]
    assert len(names) == len(set(names))
    for record in [f.record for f in FAMILIES] + list(DISPATCH.values()):
        assert record.meaning and record.label and record.relief and record.row_unit
        assert record.value_per_dual > 0


def test_the_did_you_mean_hint_is_written_once():
    """Unknown keys and names in scenarios, sweep files, paths and cases share one hint
    (errors.did_you_mean), the lowest layer all of them import."""
    for path in SRC.rglob("*.py"):
        if path != SRC / "errors.py":
            text = path.read_text(encoding="utf-8")
            assert "get_close_matches" not in text and "did you mean" not in text, path
